package io.pools4j.worker;

import java.util.concurrent.CompletableFuture;

/**
 * How a {@link WorkerHandle} reports the end of one task; exactly one method is called, once,
 * on the worker's reader thread (or on the submitting thread when the task cannot be sent).
 * Implementations must be quick and must not block: they complete a future and return.
 *
 * <p><b>CPython:</b> what {@code process.py}'s {@code _ExecutorManagerThread.process_result_item}
 * does with a {@code _ResultItem}, and {@code terminate_broken} with the pending work items.
 */
public interface TaskCallback {

    /** The task returned {@code value}. */
    void onResult(Object value);

    /**
     * The task threw (rebuilt as the same type where possible, with a {@link RemoteTraceback}
     * cause), or its argument or result could not be sent ({@link NotSendableException}), or the
     * frame could not be decoded, or it was cancelled in the worker before it started
     * ({@link java.util.concurrent.CancellationException}).
     */
    void onException(Throwable error);

    /** The worker JVM ended while it held this task. */
    void onWorkerDeath(WorkerDiedException death);

    /** A callback that completes {@code future}: with the result, or exceptionally with the failure or the death. */
    static TaskCallback into(CompletableFuture<Object> future) {
        return new TaskCallback() {
            @Override
            public void onResult(Object value) {
                future.complete(value);
            }

            @Override
            public void onException(Throwable error) {
                future.completeExceptionally(error);
            }

            @Override
            public void onWorkerDeath(WorkerDiedException death) {
                future.completeExceptionally(death);
            }
        };
    }
}
