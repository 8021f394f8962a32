package io.pools4j.multiprocessing;

/**
 * Thrown by {@link Barrier#await} when the barrier is broken: aborted, reset while this party
 * waited, or timed out.
 *
 * <p><b>Python:</b> {@code threading.BrokenBarrierError}.
 * <b>Differences from Python:</b> unchecked, unlike {@code java.util.concurrent.BrokenBarrierException}
 * (a cell that imports both packages names this one in full, or imports it by name).
 */
public final class BrokenBarrierException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BrokenBarrierException(String message) {
        super(message);
    }
}
