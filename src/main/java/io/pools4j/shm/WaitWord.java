package io.pools4j.shm;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A 32-bit word of a shared mapping that processes wait on, with a count of who sleeps on it so that
 * a waker makes the futex call only when someone does.
 *
 * <pre>
 *   0                   4                   8
 *   +-------------------+-------------------+
 *   | word (futex)      | sleepers          |
 *   +-------------------+-------------------+
 * </pre>
 *
 * <p>Waiting: spin {@link #SPINS} rounds re-checking the condition (a message or a release often
 * follows within microseconds), then sleep on the futex in slices of at most {@link #SLICE_NANOS},
 * re-checking the condition, the deadline, the thread's interrupt and the caller's own check (a
 * dead lock owner) between slices. A waker changes its state first, then bumps the word (or the
 * word is the state), then wakes if {@code sleepers > 0}; a waiter counts itself in, re-checks, then
 * sleeps only while the word still holds the value it read before re-checking, so no wake-up is
 * lost between the two.
 */
public final class WaitWord {

    public static final int LENGTH = 8;
    static final int WORD_OFFSET = 0;
    static final int SLEEPERS_OFFSET = 4;

    /**
     * Busy re-checks before sleeping: ~20-40 us on current x86 (Thread.onSpinWait is a PAUSE),
     * longer than a ring hand-off between two running processes (~0.4 us), far shorter than a
     * scheduler tick, so that a waiter that will sleep anyway costs next to no CPU.
     */
    static final int SPINS = 1_000;
    /** Longest sleep between checks: bounds the delay to notice an interrupt or a dead owner. */
    static final long SLICE_NANOS = 50_000_000L;
    /** {@link #await}'s deadline meaning "no deadline". */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    /** Held so that the mapping stays while anyone waits on or wakes the word. */
    private final Segment segment;
    private final UnsafeBuffer buffer;
    private final int offset;
    private final long address;

    public WaitWord(Segment segment, int offset) {
        if ((offset & 3) != 0 || offset < 0 || offset + LENGTH > segment.buffer().capacity()) {
            throw new IllegalArgumentException("wait word offset must be 4-byte aligned and inside the segment, offset="
                    + offset + ", capacity=" + segment.buffer().capacity());
        }
        this.segment = segment;
        this.buffer = segment.buffer();
        this.offset = offset;
        this.address = segment.address() + offset + WORD_OFFSET;
    }

    public int get() {
        return buffer.getIntVolatile(offset + WORD_OFFSET);
    }

    public void set(int value) {
        buffer.putIntVolatile(offset + WORD_OFFSET, value);
    }

    public boolean compareAndSet(int expected, int value) {
        return buffer.compareAndSetInt(offset + WORD_OFFSET, expected, value);
    }

    public int getAndAdd(int delta) {
        return buffer.getAndAddInt(offset + WORD_OFFSET, delta);
    }

    /** How many threads (of any process) sleep on the word now. */
    public int sleepers() {
        return buffer.getIntVolatile(offset + SLEEPERS_OFFSET);
    }

    /** Wakes up to {@code count} sleepers, if there are any. */
    public void wake(int count) {
        if (sleepers() > 0) {
            Futex.wake(address, count);
        }
    }

    /** Increments the word (a sequence number) and wakes every sleeper: "something changed". */
    public void bumpAndWakeAll() {
        getAndAdd(1);
        wake(Integer.MAX_VALUE);
    }

    /**
     * Waits until {@code ready} is true or {@code deadlineNanos} ({@link System#nanoTime()}) passes.
     *
     * @param ready    the condition; its state must change only together with this word
     * @param check    run between sleeps; throws to end the wait (a dead owner, a closed peer)
     * @param what     what is awaited, for the message when the thread is interrupted
     * @return whether {@code ready} became true (false: the deadline passed)
     * @throws CancellationException if the thread is interrupted (its interrupt flag stays set), as
     *         {@code Future.result()} does
     */
    public boolean await(BooleanSupplier ready, long deadlineNanos, Runnable check, String what) {
        for (int i = 0; i < SPINS; i++) {
            if (ready.getAsBoolean()) {
                return true;
            }
            Thread.onSpinWait();
        }
        for (int round = 0; ; round++) {
            int seen = get();
            buffer.getAndAddInt(offset + SLEEPERS_OFFSET, 1);
            try {
                if (ready.getAsBoolean()) {
                    return true;
                }
                long left = deadlineNanos == NO_DEADLINE ? SLICE_NANOS : deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                Futex.await(address, seen, Math.min(left, SLICE_NANOS), round);
            } finally {
                buffer.getAndAddInt(offset + SLEEPERS_OFFSET, -1);
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException("interrupted while waiting for " + what);
            }
            check.run();
        }
    }

    /** The deadline {@code timeoutNanos} from now, or {@link #NO_DEADLINE} for a negative timeout. */
    public static long deadline(long timeoutNanos) {
        return timeoutNanos < 0 ? NO_DEADLINE : System.nanoTime() + timeoutNanos;
    }
}
