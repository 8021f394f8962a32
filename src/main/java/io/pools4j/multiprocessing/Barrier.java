package io.pools4j.multiprocessing;

import io.pools4j.fn.Action;
import io.pools4j.shm.Segment;
import io.pools4j.shm.ShmMutex;
import io.pools4j.shm.ShmSession;
import io.pools4j.shm.WaitWord;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A meeting point for a fixed number of parties in any processes: each {@link #await()} waits until
 * {@code parties} have arrived, then all go on together, and the barrier can be used again.
 *
 * <pre>
 *   0           24      32        36       40             48        52            56
 *   +-----------+-------+---------+--------+--------------+---------+-------------+
 *   | ShmMutex  | (pad) | parties | count  | generation   | broken  | failed      |
 *   | guards    |       |         | waiting| WaitWord,    | 0 / 1   | round + 1   |
 *   | the rest  |       |         | now    | +1 per round |         | (0: none)   |
 *   +-----------+-------+---------+--------+--------------+---------+-------------+
 *   A waiter of generation g goes on when generation != g: successfully, unless "failed round"
 *   is g + 1 (abort(), a timeout, a failing action or reset() ended that round). broken = 1
 *   (all but reset) fails later parties at once until reset().
 * </pre>
 *
 * <p><b>Python:</b> {@code multiprocessing.Barrier(parties, action=None, timeout=None)}.
 * <b>Differences from Python:</b> {@code wait()} is {@link #await()} ({@code wait} is
 * {@link Object}'s); the action is an {@link Action} (serializable), run by the last party to
 * arrive, in its own process.
 */
public final class Barrier implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;
    private static final int PARTIES_OFFSET = 32;
    private static final int COUNT_OFFSET = 36;
    private static final int GENERATION_OFFSET = 40;
    private static final int BROKEN_OFFSET = 48;
    private static final int FAILED_OFFSET = 52;
    private static final int LENGTH = 56;

    private final transient Segment segment;
    private final transient UnsafeBuffer buffer;
    private final transient ShmMutex mutex;
    private final transient WaitWord generation;
    private final transient Action action;
    private final transient Duration timeout;

    /** <p><b>Python:</b> {@code Barrier(parties)}. */
    public Barrier(int parties) {
        this(parties, null, null);
    }

    /**
     * <p><b>Python:</b> {@code Barrier(parties, action, timeout)}.
     *
     * @param action  run by the last party to arrive before all go on; null for none
     * @param timeout the default for {@link #await()}; null waits for ever
     * @throws IllegalArgumentException if {@code parties < 1}
     */
    public Barrier(int parties, Action action, Duration timeout) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be >= 1, parties=" + parties);
        }
        this.segment = Segment.create(ShmSession.newFile("barrier"), LENGTH);
        this.buffer = segment.buffer();
        this.mutex = new ShmMutex(segment, 0);
        this.generation = new WaitWord(segment, GENERATION_OFFSET);
        this.action = action;
        this.timeout = timeout;
        buffer.putIntVolatile(PARTIES_OFFSET, parties);
    }

    private Barrier(Form form) {
        this.segment = Segment.open(java.nio.file.Path.of(form.path));
        this.buffer = segment.buffer();
        this.mutex = new ShmMutex(segment, 0);
        this.generation = new WaitWord(segment, GENERATION_OFFSET);
        this.action = form.action;
        this.timeout = form.timeout;
    }

    /** Waits with the barrier's default timeout. <p><b>Python:</b> {@code Barrier.wait()}. */
    public int await() {
        return await(timeout);
    }

    /**
     * Waits at most {@code timeout} for the other parties.
     *
     * <p><b>Python:</b> {@code Barrier.wait(timeout)}.
     *
     * @return this party's arrival index, 0 to parties - 1 (the last to arrive gets parties - 1)
     * @throws BrokenBarrierException if the barrier is or becomes broken, or the timeout passes
     *         (which breaks it for everyone, as in Python)
     */
    public int await(Duration timeout) {
        long deadline = Deadlines.of(timeout);
        lock();
        int gen;
        int index;
        try {
            checkNotBroken();
            gen = generation.get();
            index = buffer.getIntVolatile(COUNT_OFFSET);
            if (index + 1 == parties()) {
                runAction();
                buffer.putIntVolatile(COUNT_OFFSET, 0);
                generation.bumpAndWakeAll();
                return index;
            }
            buffer.putIntVolatile(COUNT_OFFSET, index + 1);
        } finally {
            mutex.releaseFully();
        }
        try {
            generation.await(() -> generation.get() != gen, deadline, () -> { }, "await() of " + this);
        } catch (java.util.concurrent.CancellationException e) {
            abortRound(gen); // interrupted: the others must not wait for this party for ever
            throw e;
        }
        lock();
        try {
            if (generation.get() == gen) {
                int waiting = buffer.getIntVolatile(COUNT_OFFSET);
                breakBarrier();
                throw new BrokenBarrierException("await() of " + this + " timed out after " + timeout.toMillis()
                        + " ms with " + waiting + " of " + parties() + " parties there; it is broken now");
            }
            if (buffer.getIntVolatile(FAILED_OFFSET) == gen + 1) {
                throw new BrokenBarrierException(this + " was aborted, reset or broken while this party waited");
            }
            return index;
        } finally {
            mutex.releaseFully();
        }
    }

    /** {@link #await(Duration)} in seconds, as Python writes it. */
    public int await(double timeoutSeconds) {
        return await(Deadlines.seconds(timeoutSeconds));
    }

    private void runAction() {
        if (action == null) {
            return;
        }
        try {
            action.run();
        } catch (Exception e) {
            breakBarrier();
            throw new BrokenBarrierException("the action of " + this + " failed: " + e);
        }
    }

    /** Breaks the barrier: waiting and later parties get {@link BrokenBarrierException}. <p><b>Python:</b> {@code abort()}. */
    public void abort() {
        lock();
        try {
            breakBarrier();
        } finally {
            mutex.releaseFully();
        }
    }

    /**
     * Back to empty and not broken; parties waiting now get {@link BrokenBarrierException}.
     *
     * <p><b>Python:</b> {@code reset()}.
     */
    public void reset() {
        lock();
        try {
            buffer.putIntVolatile(BROKEN_OFFSET, 0);
            failRound();
        } finally {
            mutex.releaseFully();
        }
    }

    /** <p><b>Python:</b> {@code parties}. */
    public int parties() {
        return buffer.getIntVolatile(PARTIES_OFFSET);
    }

    /** How many parties wait now. <p><b>Python:</b> {@code n_waiting}. */
    public int nWaiting() {
        return buffer.getIntVolatile(COUNT_OFFSET);
    }

    /** <p><b>Python:</b> {@code broken}. */
    public boolean broken() {
        return buffer.getIntVolatile(BROKEN_OFFSET) != 0;
    }

    private void abortRound(int gen) {
        lock();
        try {
            if (generation.get() == gen) {
                breakBarrier();
            }
        } finally {
            mutex.releaseFully();
        }
    }

    /** Fails the round under way (its waiters wake and throw) and every later one until reset(). */
    private void breakBarrier() {
        buffer.putIntVolatile(BROKEN_OFFSET, 1);
        failRound();
    }

    private void failRound() {
        buffer.putIntVolatile(FAILED_OFFSET, generation.get() + 1);
        buffer.putIntVolatile(COUNT_OFFSET, 0);
        generation.bumpAndWakeAll();
    }

    private void checkNotBroken() {
        if (broken()) {
            throw new BrokenBarrierException(this + " is broken; reset() it to use it again");
        }
    }

    /** The mutex guards a few words for a few instructions; a dead holder's is simply taken back. */
    private void lock() {
        while (true) {
            try {
                mutex.acquire(false, WaitWord.NO_DEADLINE, pid -> new IllegalStateException("dead " + pid), "the lock of " + this);
                return;
            } catch (IllegalStateException e) {
                // The holder died between two words; the state is whole at every step that matters.
            }
        }
    }

    @Serial
    private Object writeReplace() {
        return new Form(segment.path().toString(), action, timeout);
    }

    /** Barrier's travelling form: its file, and the action and default timeout, which live in no file. */
    private record Form(String path, Action action, Duration timeout) implements Serializable {
        @Serial
        private Object readResolve() {
            return new Barrier(this);
        }
    }

    @Override
    public String toString() {
        return "<Barrier " + segment.path().getFileName() + " " + nWaiting() + "/" + parties() + (broken() ? " broken" : "") + ">";
    }
}
