package io.pools4j.multiprocessing;

import java.io.Serial;

/**
 * A {@link Semaphore} that refuses to be released above its initial value.
 *
 * <p><b>Python:</b> {@code multiprocessing.BoundedSemaphore(value=1)}.
 * <b>Differences from Python:</b> a release above the initial value throws
 * {@link IllegalStateException} (Python's ValueError).
 */
public final class BoundedSemaphore extends Semaphore {

    @Serial
    private static final long serialVersionUID = 1L;

    /** <p><b>Python:</b> {@code BoundedSemaphore()}: one. */
    public BoundedSemaphore() {
        this(1);
    }

    /**
     * <p><b>Python:</b> {@code BoundedSemaphore(value)}.
     *
     * @throws IllegalArgumentException if {@code value} is less than 1
     */
    public BoundedSemaphore(int value) {
        super(checked(value), value);
    }

    BoundedSemaphore(SharedForm form) {
        super(form);
    }

    private static int checked(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("bounded semaphore initial value must be >= 1, value=" + value);
        }
        return value;
    }
}
