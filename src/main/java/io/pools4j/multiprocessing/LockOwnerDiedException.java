package io.pools4j.multiprocessing;

/**
 * Thrown by an acquire that finds the lock held by a process that has died: the lock is free again
 * (the next acquire takes it as usual), but what the dead owner was doing under it may be half done.
 *
 * <p><b>Python:</b> none: a {@code multiprocessing.Lock} held by a dead process blocks every later
 * acquire for ever. Like a POSIX robust mutex's {@code EOWNERDEAD}.
 */
public final class LockOwnerDiedException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final long ownerPid;

    public LockOwnerDiedException(String lock, long ownerPid) {
        super(lock + ": its owner, process " + ownerPid + ", died holding it; the lock is free again, but what "
                + ownerPid + " did under it may be half done: check the shared state, then acquire again");
        this.ownerPid = ownerPid;
    }

    /** The pid of the process that died holding the lock. */
    public long ownerPid() {
        return ownerPid;
    }
}
