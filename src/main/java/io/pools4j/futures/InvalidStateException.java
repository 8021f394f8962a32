package io.pools4j.futures;

/**
 * Thrown by {@link Future#setResult} and {@link Future#setException} on a future that is
 * already done or cancelled; the first outcome is kept.
 *
 * <p><b>Python:</b> {@code concurrent.futures.InvalidStateError}.
 */
public class InvalidStateException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** @param message the state found and the future, e.g. {@code "FINISHED: <Future ...>"} */
    public InvalidStateException(String message) {
        super(message);
    }
}
