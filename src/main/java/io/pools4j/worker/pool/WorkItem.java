package io.pools4j.worker.pool;

import io.pools4j.TaskObserver;
import io.pools4j.fn.Fn0;

/**
 * A task of a pool and its completion, from submit until its outcome is known.
 *
 * <p><b>CPython:</b> {@code process.py}'s {@code _WorkItem} (future, fn, args), with the id that
 * {@code _CallItem} and {@code _ResultItem} carry.
 *
 * <p>Settled once: while queued, by whoever takes it out of the pool's queue under the pool's
 * lock; once sent, by its worker's {@code TaskCallback}, which the worker's table of tasks in
 * flight calls exactly once (the answer, or the worker's death). Each step is also told to the
 * pool's {@link TaskObservers}, under the task's {@code number}: its place among the pool's
 * submits, from 0 ({@code id} is the wire's, shared with initializer calls).
 */
record WorkItem<R>(long id, long number, String label, Completion<R> completion, Fn0<R> fn, TaskObservers observers) {

    /** The task started on the worker named {@code worker} ("pid 4711"). */
    void started(String worker) {
        observers.started(number, worker);
    }

    /** A task that was cancelled before it started has been dropped. */
    void dropCancelled() {
        observers.finished(number, TaskObserver.Outcome.CANCELLED);
    }

    /** Completes the running task with its worker's result. */
    @SuppressWarnings("unchecked")
    void succeed(Object value) {
        observers.finished(number, TaskObserver.Outcome.SUCCEEDED);
        completion.setResult((R) value);
    }

    /** Fails the running task. */
    void fail(Throwable error) {
        observers.finished(number, TaskObserver.Outcome.FAILED);
        completion.setException(error);
    }

    /** Fails a task that was never sent; a cancelled one is only acknowledged. */
    void failQueued(Throwable error) {
        if (completion.setRunningOrNotifyCancel()) {
            fail(error);
        } else {
            dropCancelled();
        }
    }

    /** Cancels a task that was never sent and acknowledges it, as CPython's manager does. */
    boolean cancelQueued() {
        boolean cancelled = completion.cancel();
        completion.setRunningOrNotifyCancel();
        dropCancelled();
        return cancelled;
    }
}
