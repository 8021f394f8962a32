package io.pools4j.multiprocessing;

import java.time.Duration;

/**
 * A result was not ready within the time asked for ({@link AsyncResult#get(double)},
 * {@link IMapIterator#next(double)}); the task goes on.
 *
 * <p><b>Python:</b> {@code multiprocessing.TimeoutError}, a {@code ProcessError} and not the
 * builtin {@code TimeoutError}.
 *
 * <p><b>Differences from Python:</b> named apart from {@code java.util.concurrent.TimeoutException}
 * and {@code FutureTimeoutException}, which a notebook imports too.
 */
public final class MultiprocessingTimeoutException extends ProcessException {
    private static final long serialVersionUID = 1L;

    private final Duration timeout;

    /**
     * @param what    what was waited for, e.g. {@code "the result of apply_async"}
     * @param timeout the time that ran out
     */
    public MultiprocessingTimeoutException(String what, Duration timeout) {
        super(what + " was not ready after " + timeout.toNanos() / 1e9 + " s; the task goes on: wait longer, "
                + "or check ready() first");
        this.timeout = timeout;
    }

    /** The time that ran out. */
    public Duration timeout() {
        return timeout;
    }
}
