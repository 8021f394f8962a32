package io.pools4j.multiprocessing;

import io.pools4j.shm.Segment;
import io.pools4j.shm.ShmMutex;
import io.pools4j.shm.ShmSession;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;

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
public final class Lock implements SharedLock, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient Segment segment;
    private final transient int offset;
    private final transient ShmMutex mutex;

    /** <p><b>Python:</b> {@code Lock()}. */
    public Lock() {
        this(Segment.create(ShmSession.newFile("lock"), ShmMutex.LENGTH), 0);
    }

    Lock(Segment segment, int offset) {
        this.segment = segment;
        this.offset = offset;
        this.mutex = new ShmMutex(segment, offset);
    }

    Lock(SharedForm form) {
        this(form.segment(), form.offset());
    }

    @Override
    public boolean acquire() {
        return acquire((Duration) null);
    }

    @Override
    public boolean acquire(Duration timeout) {
        return mutex.acquire(false, Deadlines.of(timeout), pid -> new LockOwnerDiedException(toString(), pid),
                "acquire() of " + this);
    }

    /** @throws IllegalStateException if the lock is not held */
    @Override
    public void release() {
        if (mutex.ownerPid() == 0) {
            throw new IllegalStateException("release() of " + this + ", which is not locked");
        }
        mutex.releaseFully();
    }

    @Override
    public boolean locked() {
        return mutex.ownerPid() != 0;
    }

    @Override
    public long ownerPid() {
        return mutex.ownerPid();
    }

    SharedForm form() {
        return new SharedForm(SharedForm.Kind.LOCK, segment, offset);
    }

    @Serial
    private Object writeReplace() {
        return form();
    }

    @Override
    public String toString() {
        int owner = mutex.ownerPid();
        return "<Lock " + segment.path().getFileName() + "@" + offset + (owner == 0 ? " unlocked" : " held by pid " + owner) + ">";
    }
}
