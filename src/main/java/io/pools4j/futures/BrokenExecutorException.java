package io.pools4j.futures;

/**
 * The executor cannot run tasks any more: a worker failed in a way that leaves the pool
 * unusable. Pending futures fail with it and later submissions throw it; create a new executor.
 *
 * <p><b>Python:</b> {@code concurrent.futures.BrokenExecutor}.
 */
public class BrokenExecutorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what broke the executor and what to do */
    public BrokenExecutorException(String message) {
        super(message);
    }

    /**
     * @param message what broke the executor and what to do
     * @param cause   the failure that broke it
     */
    public BrokenExecutorException(String message, Throwable cause) {
        super(message, cause);
    }
}
