package io.pools4j.multiprocessing;

import io.pools4j.shm.Segment;
import io.pools4j.shm.ShmMutex;
import io.pools4j.shm.ShmSession;
import java.io.Serial;

/**
 * A re-entrant lock shared by processes: the thread holding it may acquire it again, and must
 * release it as many times. Only the holding thread may release it. Like {@link Lock}, a holder's
 * death is reported to the next acquire ({@link LockOwnerDiedException}).
 *
 * <p><b>Python:</b> {@code multiprocessing.RLock()}.
 * <b>Differences from Python:</b> those of {@link Lock}; a release by another thread, or of an
 * unlocked RLock, throws {@link IllegalMonitorStateException} (Python's AssertionError).
 */
public final class RLock extends MutexLock {

    @Serial
    private static final long serialVersionUID = 1L;

    /** <p><b>Python:</b> {@code RLock()}. */
    public RLock() {
        this(Segment.create(ShmSession.newFile("rlock"), ShmMutex.LENGTH), 0);
    }

    RLock(Segment segment, int offset) {
        super(segment, offset, SharedForm.Kind.RLOCK);
    }

    RLock(SharedForm form) {
        this(form.segment(), form.offset());
    }

    /** @throws IllegalMonitorStateException if the current thread does not hold the lock */
    @Override
    public void release() {
        if (!mutex.isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("release() of " + this + " by thread "
                    + Thread.currentThread().getName() + " of pid " + ProcessHandle.current().pid() + ", which does not hold it");
        }
        mutex.releaseOneLevel();
    }

    /** How many times the current thread holds the lock (0: it does not). */
    public int holdCount() {
        return mutex.depth();
    }
}
