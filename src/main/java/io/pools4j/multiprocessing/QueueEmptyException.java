package io.pools4j.multiprocessing;

/**
 * Thrown by {@link Queue#get} when no item comes in time, or at once for {@code getNowait}.
 *
 * <p><b>Python:</b> {@code queue.Empty}.
 */
public final class QueueEmptyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public QueueEmptyException(String message) {
        super(message);
    }
}
