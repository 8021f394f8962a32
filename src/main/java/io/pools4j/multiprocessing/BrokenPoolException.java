package io.pools4j.multiprocessing;

/**
 * A {@link Pool} cannot run tasks anymore: a worker's initializer failed, or no worker JVM could
 * be started. A worker that merely dies does not break a Pool (it is replaced, and only its task
 * fails).
 *
 * <p><b>Python:</b> none: a Pool whose initializer fails keeps starting workers that fail, and
 * its tasks wait for ever (python_api.md §4, pain point 3).
 */
public final class BrokenPoolException extends ProcessException {
    private static final long serialVersionUID = 1L;

    public BrokenPoolException(String message, Throwable cause) {
        super(message, cause);
    }
}
