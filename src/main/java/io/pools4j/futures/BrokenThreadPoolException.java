package io.pools4j.futures;

/**
 * A {@link ThreadPoolExecutor} whose initializer threw: the pool is unusable, its pending
 * futures fail with this exception and {@code submit} throws it.
 *
 * <p><b>Python:</b> {@code concurrent.futures.thread.BrokenThreadPool}.
 */
public class BrokenThreadPoolException extends BrokenExecutorException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what broke the pool and what to do
     * @param cause   the initializer's exception
     */
    public BrokenThreadPoolException(String message, Throwable cause) {
        super(message, cause);
    }
}
