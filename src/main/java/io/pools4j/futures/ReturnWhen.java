package io.pools4j.futures;

/**
 * When {@link Futures#wait} returns.
 *
 * <p><b>Python:</b> the {@code return_when} constants {@code FIRST_COMPLETED},
 * {@code FIRST_EXCEPTION} and {@code ALL_COMPLETED} of {@code concurrent.futures}.
 */
public enum ReturnWhen {
    /** As soon as any future finishes or is cancelled. */
    FIRST_COMPLETED,
    /** As soon as any future finishes by throwing; when none throws, like {@link #ALL_COMPLETED}. */
    FIRST_EXCEPTION,
    /** When every future has finished or been cancelled. */
    ALL_COMPLETED
}
