package io.pools4j.futures;

import java.time.Duration;

/**
 * Thrown when a result is not there in time: {@link Future#result(Duration)}, the iteration
 * of {@link Executor#map} past its deadline, and {@link Futures#asCompleted} past its deadline.
 *
 * <p><b>Python:</b> {@code concurrent.futures.TimeoutError} (the builtin {@code TimeoutError}
 * since 3.11).
 *
 * <p><b>Differences from Python:</b> unchecked, so that it can leave an iterator; the JDK's
 * {@link java.util.concurrent.TimeoutException} is checked and is still what
 * {@link Future#get(long, java.util.concurrent.TimeUnit)} throws.
 */
public class FutureTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Duration timeout;

    /**
     * @param message what was waited for, and for how long
     * @param timeout the timeout that ran out
     */
    public FutureTimeoutException(String message, Duration timeout) {
        super(message);
        this.timeout = timeout;
    }

    /** The timeout that ran out. */
    public Duration timeout() {
        return timeout;
    }
}
