package io.pools4j.futures;

/**
 * Options of {@link Executor#shutdown(ShutdownOption...)}; without any, shutdown waits for
 * pending work and cancels nothing, as Python's {@code shutdown()} does.
 *
 * <p><b>Python:</b> the keyword arguments of {@code Executor.shutdown(wait=True,
 * cancel_futures=False)}: {@link #NO_WAIT} is {@code wait=False}, {@link #CANCEL_FUTURES} is
 * {@code cancel_futures=True}.
 */
public enum ShutdownOption {
    /** Return at once; pending tasks still run to the end in the background. */
    NO_WAIT,
    /** Cancel every task that has not started; running tasks are not stopped. */
    CANCEL_FUTURES
}
