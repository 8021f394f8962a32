package io.pools4j.multiprocessing;

import io.pools4j.shm.Segment;
import io.pools4j.shm.ShmSession;
import io.pools4j.shm.WaitWord;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A condition variable shared by processes: holding its lock, a party waits until another signals.
 *
 * <pre>
 *   0            24      32          36      40              48
 *   +------------+-------+-----------+-------+---------------+
 *   | ShmMutex   | (pad) | sleepers  | (pad) | tokens        |
 *   | own RLock  |       | (guarded  |       | WaitWord:     |
 *   | (if none   |       | by the    |       | wake-ups not  |
 *   | was given) |       | lock)     |       | yet taken     |
 *   +------------+-------+-----------+-------+---------------+
 *   await: sleepers++, release the lock, take a token (waiting), re-acquire.
 *   signal(n): k = min(n, sleepers); sleepers -= k; tokens += k; wake k.
 *   A waiter that times out re-acquires, then takes a token if one is left (it was signalled
 *   meanwhile: true), else counts itself out (sleepers--: false).
 * </pre>
 *
 * <p><b>Python:</b> {@code multiprocessing.Condition(lock=None)}.
 * <b>Differences from Python:</b> {@code wait()} is {@link #await()} and {@code notify()} /
 * {@code notify_all()} are {@link #signal()} / {@link #signalAll()}, the names of
 * {@link java.util.concurrent.locks.Condition}, because {@code wait}, {@code notify} and
 * {@code notifyAll} are {@link Object}'s final methods; {@code wait_for} is {@link #waitFor}.
 * Using it without holding its lock throws {@link IllegalMonitorStateException} (Python's RuntimeError).
 */
public final class Condition implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;
    private static final int SLEEPERS_OFFSET = 32;
    private static final int TOKENS_OFFSET = 40;
    private static final int LENGTH = 48;

    private final transient Segment segment;
    private final transient UnsafeBuffer buffer;
    private final transient WaitWord tokens;
    private final transient SharedLock lock;
    private final transient SharedLock given;

    /** A condition with its own RLock. <p><b>Python:</b> {@code Condition()}. */
    public Condition() {
        this((SharedLock) null);
    }

    /** <p><b>Python:</b> {@code Condition(lock)}. @param lock null for an RLock of its own */
    public Condition(SharedLock lock) {
        this(Segment.create(ShmSession.newFile("condition"), LENGTH), lock);
    }

    private Condition(Segment segment, SharedLock given) {
        this.segment = segment;
        this.buffer = segment.buffer();
        this.tokens = new WaitWord(segment, TOKENS_OFFSET);
        this.given = given;
        this.lock = given != null ? given : new RLock(segment, 0);
    }

    Condition(SharedForm form) {
        this(form.segment(), form.lock());
    }

    /** <p><b>Python:</b> {@code acquire()}. */
    public boolean acquire() {
        return lock.acquire();
    }

    /** <p><b>Python:</b> {@code acquire(block, timeout)}. */
    public boolean acquire(Duration timeout) {
        return lock.acquire(timeout);
    }

    /** <p><b>Python:</b> {@code release()}. */
    public void release() {
        lock.release();
    }

    /** Acquires the lock and returns what releases it. <p><b>Python:</b> {@code with cond: ...}. */
    public SharedLock.Held hold() {
        return lock.hold();
    }

    /** The lock. */
    public SharedLock getLock() {
        return lock;
    }

    /** Waits for a signal; returns true. <p><b>Python:</b> {@code Condition.wait()}. */
    public boolean await() {
        return await((Duration) null);
    }

    /** {@link #await(Duration)} in seconds, as Python writes it. */
    public boolean await(double timeoutSeconds) {
        return await(Deadlines.seconds(timeoutSeconds));
    }

    /**
     * Releases the lock, waits at most {@code timeout} for a signal, re-acquires the lock.
     *
     * <p><b>Python:</b> {@code Condition.wait(timeout)}.
     *
     * @return false if the timeout passed without a signal
     * @throws IllegalMonitorStateException if the lock is not held
     */
    public boolean await(Duration timeout) {
        checkHeld("await");
        long deadline = Deadlines.of(timeout);
        buffer.putIntVolatile(SLEEPERS_OFFSET, buffer.getIntVolatile(SLEEPERS_OFFSET) + 1);
        int depth = releaseFully();
        boolean signalled = false;
        try {
            signalled = tokens.await(this::takeToken, deadline, () -> { }, "a signal of " + this);
        } finally {
            reacquire(depth);
            if (!signalled) {
                signalled = takeToken();
                if (!signalled) {
                    buffer.putIntVolatile(SLEEPERS_OFFSET, buffer.getIntVolatile(SLEEPERS_OFFSET) - 1);
                }
            }
        }
        return signalled;
    }

    /**
     * Waits until {@code predicate} is true, at most {@code timeout}; returns the predicate's last value.
     *
     * <p><b>Python:</b> {@code Condition.wait_for(predicate, timeout)}.
     */
    public boolean waitFor(BooleanSupplier predicate, Duration timeout) {
        long deadline = Deadlines.of(timeout);
        boolean result = predicate.getAsBoolean();
        while (!result) {
            Duration left = timeout == null ? null : Duration.ofNanos(deadline - System.nanoTime());
            if (left != null && left.isNegative()) {
                break;
            }
            await(left);
            result = predicate.getAsBoolean();
        }
        return result;
    }

    /** {@link #waitFor(BooleanSupplier, Duration)} without a timeout. <p><b>Python:</b> {@code wait_for(predicate)}. */
    public boolean waitFor(BooleanSupplier predicate) {
        return waitFor(predicate, null);
    }

    /** Wakes one waiter. <p><b>Python:</b> {@code notify()}. */
    public void signal() {
        signal(1);
    }

    /**
     * Wakes up to {@code n} waiters.
     *
     * <p><b>Python:</b> {@code notify(n)}.
     *
     * @throws IllegalMonitorStateException if the lock is not held
     */
    public void signal(int n) {
        checkHeld("signal");
        int sleepers = buffer.getIntVolatile(SLEEPERS_OFFSET);
        int k = Math.min(Math.max(n, 0), sleepers);
        if (k > 0) {
            buffer.putIntVolatile(SLEEPERS_OFFSET, sleepers - k);
            tokens.getAndAdd(k);
            tokens.wake(k);
        }
    }

    /** Wakes every waiter. <p><b>Python:</b> {@code notify_all()}. */
    public void signalAll() {
        signal(Integer.MAX_VALUE);
    }

    private boolean takeToken() {
        for (int t = tokens.get(); t > 0; t = tokens.get()) {
            if (tokens.compareAndSet(t, t - 1)) {
                return true;
            }
        }
        return false;
    }

    private void checkHeld(String what) {
        boolean held = switch (lock) {
            case RLock r -> r.mutex.isHeldByCurrentThread();
            case Lock l -> l.ownerPid() == ProcessHandle.current().pid();
        };
        if (!held) {
            throw new IllegalMonitorStateException("cannot " + what + "() on un-acquired lock: " + this);
        }
    }

    /** Releases every level the thread holds; returns how many, to restore. */
    private int releaseFully() {
        if (lock instanceof RLock r) {
            int depth = r.mutex.depth();
            r.mutex.releaseFully();
            return depth;
        }
        lock.release();
        return 1;
    }

    /** Re-acquires even when interrupted (the caller holds the lock on return, as in Python), keeping the interrupt. */
    private void reacquire(int depth) {
        boolean interrupted = false;
        while (true) {
            try {
                lock.acquire();
                break;
            } catch (java.util.concurrent.CancellationException e) {
                interrupted |= Thread.interrupted();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (lock instanceof RLock r) {
            r.mutex.setDepth(depth);
        }
    }

    @Serial
    private Object writeReplace() {
        return new SharedForm(SharedForm.Kind.CONDITION, segment.path().toString(), 0, given);
    }

    @Override
    public String toString() {
        return "<Condition " + segment.path().getFileName() + " " + lock + ">";
    }
}
