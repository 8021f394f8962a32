package io.pools4j.multiprocessing;

/**
 * The base of multiprocessing's own errors.
 *
 * <p><b>Python:</b> {@code multiprocessing.ProcessError}.
 */
public class ProcessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProcessException(String message) {
        super(message);
    }

    public ProcessException(String message, Throwable cause) {
        super(message, cause);
    }
}
