package io.pools4j.multiprocessing;

/**
 * Thrown by {@link Queue#put} when no slot comes free in time, or at once for {@code putNowait}.
 *
 * <p><b>Python:</b> {@code queue.Full}.
 */
public final class QueueFullException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public QueueFullException(String message) {
        super(message);
    }
}
