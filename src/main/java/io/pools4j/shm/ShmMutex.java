package io.pools4j.shm;

import java.util.function.IntFunction;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A mutex in shared memory that remembers its owner: the owner's pid is the futex word, so a waiter
 * can see that the owner died and say so instead of waiting for ever. Recursive acquisition by the
 * owning thread is counted for RLock; a plain Lock never takes that path.
 *
 * <pre>
 *   0         4          8                   16        20        24
 *   +---------+----------+-------------------+---------+---------+
 *   | owner   | sleepers | owner thread id   | depth   | (pad)   |
 *   | pid     |          | (in owner's JVM)  |         |         |
 *   +---------+----------+-------------------+---------+---------+
 *   owner pid 0: free. Acquire is a CAS 0 -> pid; the thread id and depth are written after it
 *   and read only by the owner's own process.
 * </pre>
 *
 * <p>A pid that died holding the mutex is taken back by the first acquirer that notices (CAS dead
 * pid -> 0), which then fails with the error {@code onDeadOwner} makes from the pid: what the dead
 * process was doing under the lock may be half done. The acquires after that proceed as usual.
 */
public final class ShmMutex {

    public static final int LENGTH = 24;
    private static final int OWNER_OFFSET = 0;
    private static final int THREAD_OFFSET = 8;
    private static final int DEPTH_OFFSET = 16;
    static final int PID = Math.toIntExact(ProcessHandle.current().pid());

    private final UnsafeBuffer buffer;
    private final int offset;
    private final WaitWord owner;

    public ShmMutex(Segment segment, int offset) {
        if ((offset & 7) != 0) {
            throw new IllegalArgumentException("mutex offset must be 8-byte aligned, offset=" + offset);
        }
        this.buffer = segment.buffer();
        this.offset = offset;
        this.owner = new WaitWord(segment, offset + OWNER_OFFSET);
    }

    /** The owner's pid, 0 when free. */
    public int ownerPid() {
        return owner.get();
    }

    public boolean isHeldByCurrentThread() {
        return owner.get() == PID && buffer.getLong(offset + THREAD_OFFSET) == Thread.currentThread().threadId();
    }

    public int depth() {
        return isHeldByCurrentThread() ? buffer.getInt(offset + DEPTH_OFFSET) : 0;
    }

    /** Takes the mutex if it is free; never waits. */
    public boolean tryAcquire() {
        if (owner.compareAndSet(0, PID)) {
            buffer.putLong(offset + THREAD_OFFSET, Thread.currentThread().threadId());
            buffer.putInt(offset + DEPTH_OFFSET, 1);
            return true;
        }
        return false;
    }

    /** For RLock: one more level if this thread holds it already, else {@link #tryAcquire()}. */
    public boolean tryAcquireRecursive() {
        if (isHeldByCurrentThread()) {
            buffer.putInt(offset + DEPTH_OFFSET, buffer.getInt(offset + DEPTH_OFFSET) + 1);
            return true;
        }
        return tryAcquire();
    }

    /**
     * Takes the mutex, waiting until {@code deadlineNanos} at most.
     *
     * @return false when the deadline passed first
     * @throws RuntimeException from {@code onDeadOwner} when the owner died holding it
     */
    public boolean acquire(boolean recursive, long deadlineNanos, IntFunction<RuntimeException> onDeadOwner, String what) {
        if (recursive ? tryAcquireRecursive() : tryAcquire()) {
            return true;
        }
        checkOwnerAlive(onDeadOwner);
        return owner.await(recursive ? this::tryAcquireRecursive : this::tryAcquire, deadlineNanos,
                () -> checkOwnerAlive(onDeadOwner), what);
    }

    private void checkOwnerAlive(IntFunction<RuntimeException> onDeadOwner) {
        int pid = owner.get();
        if (pid != 0 && pid != PID && !alive(pid) && owner.compareAndSet(pid, 0)) {
            owner.wake(1);
            throw onDeadOwner.apply(pid);
        }
    }

    static boolean alive(int pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * Releases one level (RLock) or the mutex (depth 1); wakes one waiter when it becomes free.
     *
     * @return the depth left
     */
    public int releaseOneLevel() {
        int depth = buffer.getInt(offset + DEPTH_OFFSET) - 1;
        if (depth > 0) {
            buffer.putInt(offset + DEPTH_OFFSET, depth);
            return depth;
        }
        releaseFully();
        return 0;
    }

    /** Frees the mutex whoever holds it (Python's Lock may be released by any process). */
    public void releaseFully() {
        buffer.putLong(offset + THREAD_OFFSET, 0);
        buffer.putInt(offset + DEPTH_OFFSET, 0);
        owner.set(0);
        owner.wake(1);
    }

    /** Restores a depth saved by a Condition wait after re-acquiring. */
    public void setDepth(int depth) {
        buffer.putInt(offset + DEPTH_OFFSET, depth);
    }
}
