package io.pools4j.multiprocessing;

import io.pools4j.shm.Segment;
import io.pools4j.shm.ShmSession;
import io.pools4j.shm.WaitWord;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;

/**
 * A counter shared by processes: {@code acquire} takes one (waiting while it is 0), {@code release}
 * gives one back.
 *
 * <pre>
 *   0                4            8          12
 *   +----------------+------------+----------+
 *   | value WaitWord | sleepers   | bound    |   bound 0: no bound (Semaphore)
 *   +----------------+------------+----------+
 * </pre>
 *
 * <p><b>Python:</b> {@code multiprocessing.Semaphore(value=1)}.
 * <b>Differences from Python:</b> {@code acquire(block=False)} is {@code acquire(Duration.ZERO)};
 * {@code with sem:} is {@code try (var held = sem.hold())}.
 */
public class Semaphore implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;
    static final int LENGTH = 16;
    private static final int BOUND_OFFSET = 8;

    private final transient Segment segment;
    private final transient WaitWord value;
    private final transient int bound;

    /** <p><b>Python:</b> {@code Semaphore()}: one. */
    public Semaphore() {
        this(1);
    }

    /**
     * <p><b>Python:</b> {@code Semaphore(value)}.
     *
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public Semaphore(int value) {
        this(value, 0);
    }

    Semaphore(int value, int bound) {
        if (value < 0) {
            throw new IllegalArgumentException("semaphore initial value must be >= 0, value=" + value);
        }
        this.segment = Segment.create(ShmSession.newFile(bound > 0 ? "bsem" : "sem"), LENGTH);
        segment.buffer().putIntVolatile(BOUND_OFFSET, bound);
        this.value = new WaitWord(segment, 0);
        this.value.set(value);
        this.bound = bound;
    }

    Semaphore(SharedForm form) {
        this.segment = form.segment();
        this.value = new WaitWord(segment, form.offset());
        this.bound = segment.buffer().getIntVolatile(form.offset() + BOUND_OFFSET);
    }

    /** Takes one, waiting as long as needed. <p><b>Python:</b> {@code acquire()}. */
    public boolean acquire() {
        return acquire((Duration) null);
    }

    /** {@link #acquire(Duration)} in seconds, as Python writes it. */
    public boolean acquire(double timeoutSeconds) {
        return acquire(Deadlines.seconds(timeoutSeconds));
    }

    /**
     * Takes one, waiting at most {@code timeout}.
     *
     * <p><b>Python:</b> {@code acquire(block=True, timeout)}.
     *
     * @param timeout null waits for ever; zero does not wait
     * @return whether one was taken
     */
    public boolean acquire(Duration timeout) {
        return tryTake() || value.await(this::tryTake, Deadlines.of(timeout), () -> { }, "acquire() of " + this);
    }

    private boolean tryTake() {
        for (int v = value.get(); v > 0; v = value.get()) {
            if (value.compareAndSet(v, v - 1)) {
                return true;
            }
        }
        return false;
    }

    /** Gives one back and wakes one waiter. <p><b>Python:</b> {@code release()}. */
    public void release() {
        if (bound > 0) {
            for (int v = value.get(); ; v = value.get()) {
                if (v >= bound) {
                    throw new IllegalStateException("release() of " + this + " above its initial value " + bound
                            + ": semaphore or lock released too many times");
                }
                if (value.compareAndSet(v, v + 1)) {
                    break;
                }
            }
        } else {
            value.getAndAdd(1);
        }
        value.wake(1);
    }

    /** The count now. <p><b>Python:</b> {@code get_value()}. */
    public int getValue() {
        return value.get();
    }

    /** Acquires and returns what releases it. <p><b>Python:</b> {@code with sem: ...}. */
    public SharedLock.Held hold() {
        acquire();
        return this::release;
    }

    /** Package-private, not private: a private writeReplace would not apply to BoundedSemaphore. */
    @Serial
    final Object writeReplace() {
        return new SharedForm(bound > 0 ? SharedForm.Kind.BOUNDED_SEMAPHORE : SharedForm.Kind.SEMAPHORE, segment, 0);
    }

    @Override
    public String toString() {
        return "<" + getClass().getSimpleName() + " " + segment.path().getFileName() + " value=" + value.get() + ">";
    }
}
