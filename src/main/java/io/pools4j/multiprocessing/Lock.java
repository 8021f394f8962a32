package io.pools4j.multiprocessing;

import io.pools4j.shm.Segment;
import io.pools4j.shm.ShmMutex;
import io.pools4j.shm.ShmSession;
import java.io.Serial;

/**
 * A lock shared by processes: one holder at a time, any process or thread may release it. It
 * remembers its holder's pid: when that process dies holding it, the next acquire throws
 * {@link LockOwnerDiedException} naming the pid, and frees the lock, instead of waiting for ever.
 * The layout is {@link ShmMutex}'s, at offset 0 of its file (or inside a Value's or Condition's).
 *
 * <p><b>Python:</b> {@code multiprocessing.Lock()}.
 * <b>Differences from Python:</b> {@code acquire(block=False)} is {@code acquire(Duration.ZERO)};
 * {@code with lock:} is {@code try (var held = lock.hold())}; releasing an unlocked lock throws
 * {@link IllegalStateException} (Python's ValueError); a dead holder is reported rather than
 * waited for; a waiting thread that is interrupted gets a {@link java.util.concurrent.CancellationException}.
 */
public final class Lock extends MutexLock {

    @Serial
    private static final long serialVersionUID = 1L;

    /** <p><b>Python:</b> {@code Lock()}. */
    public Lock() {
        this(Segment.create(ShmSession.newFile("lock"), ShmMutex.LENGTH), 0);
    }

    Lock(Segment segment, int offset) {
        super(segment, offset, SharedForm.Kind.LOCK);
    }

    Lock(SharedForm form) {
        this(form.segment(), form.offset());
    }

    /** @throws IllegalStateException if the lock is not held */
    @Override
    public void release() {
        if (mutex.ownerPid() == 0) {
            throw new IllegalStateException("release() of " + this + ", which is not locked");
        }
        mutex.releaseFully();
    }
}
