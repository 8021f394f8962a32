package io.pools4j.worker;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * How a {@link WorkerHandle} reports the end of one task: exactly one of the ending methods
 * (every method but {@link #onStart}) is called, once, on the worker's reader thread (or on the
 * submitting thread when the task cannot be sent); {@link #onStart} may come before it.
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
     * frame could not be decoded.
     */
    void onException(Throwable error);

    /** The worker JVM ended while it held this task, which had started. */
    void onWorkerDeath(WorkerDiedException death);

    /**
     * The worker has started this task: it is running it, or takes it next, and no CANCEL stops it
     * any more. Called at most once, before the task's answer, under the worker's table lock:
     * it must not call into the {@link WorkerHandle}. Not called for a task that is dropped.
     */
    default void onStart() {}

    /**
     * The worker dropped this task before it started, at a CANCEL ({@link WorkerHandle#cancel}):
     * it will never run. By default the task fails with a {@link CancellationException}.
     */
    default void onDropped() {
        onException(new CancellationException("the task was cancelled in its worker before it started"));
    }

    /**
     * The worker JVM ended while it held this task, sent ahead and not yet started: the task did
     * not run, so an owner may run it elsewhere. By default the same as {@link #onWorkerDeath}.
     */
    default void onWorkerDeathBeforeStart(WorkerDiedException death) {
        onWorkerDeath(death);
    }

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
