package io.pools4j.worker.pool;

import io.pools4j.TaskObserver;
import io.pools4j.fn.Fn0;
import io.pools4j.worker.WorkerHandle;

/**
 * A task of a pool and its completion, from submit until its outcome is known.
 *
 * <p><b>CPython:</b> {@code process.py}'s {@code _WorkItem} (future, fn, args), with the id that
 * {@code _CallItem} and {@code _ResultItem} carry.
 *
 * <p>Settled once: while queued, by whoever takes it out of the pool's queue under the pool's
 * lock; once sent, by its worker's {@code TaskCallback}, which the worker's table of tasks in
 * flight calls exactly once (the answer, a cancel the worker obeyed, or the worker's death). Each
 * step is also told to the pool's {@link TaskObservers}, under the task's {@code number}: its place
 * among the pool's submits, from 0 ({@code id} is the wire's, shared with initializer calls).
 *
 * @param <R> the task's result type
 */
final class WorkItem<R> {

    private final long id;
    private final long number;
    private final Completion<R> completion;
    private final Fn0<R> fn;
    private final TaskObservers observers;
    /**
     * Guarded by the pool's lock: the worker it was last sent to, which may have died since; null
     * while it has never been sent. A task back in the queue after its worker died keeps it.
     */
    private WorkerHandle sentTo;
    /** Guarded by the pool's lock: it is in its worker's table of tasks in flight, or was answered before it got there. */
    private boolean handedOver;
    /** Guarded by the pool's lock: it was sent, and is back in the queue after its worker died before starting it. */
    private boolean queuedAgain;

    WorkItem(long id, long number, String label, Completion<R> completion, Fn0<R> fn, TaskObservers observers) {
        this.id = id;
        this.number = number;
        this.completion = completion;
        this.fn = fn;
        this.observers = observers;
        observers.submitted(number, label);
    }

    long id() {
        return id;
    }

    Completion<R> completion() {
        return completion;
    }

    Fn0<R> fn() {
        return fn;
    }

    /** Under the pool's lock: the worker it was last sent to; null if never sent. */
    WorkerHandle sentTo() {
        return sentTo;
    }

    /** Under the pool's lock: it goes to {@code worker}. */
    void sendTo(WorkerHandle worker) {
        sentTo = worker;
        queuedAgain = false;
        handedOver = false;
    }

    /** Under the pool's lock: its worker's handle has it (or has answered it already). */
    void handOver() {
        handedOver = true;
    }

    /** Under the pool's lock: whether the handle of {@link #sentTo()} has it yet. */
    boolean handedOver() {
        return handedOver;
    }

    /** Under the pool's lock: whether it was sent and is back in the queue (or just taken out of it). */
    boolean queuedAgain() {
        return queuedAgain;
    }

    /** Under the pool's lock: its worker died before starting it, and it goes back in the queue. */
    void queueAgain() {
        queuedAgain = true;
    }

    /** Its worker ({@code "pid 4711"}) started it: it is RUNNING now. */
    void start(String worker) {
        observers.started(number, worker);
        completion.setRunning();
    }

    /** It was cancelled while queued and is taken out of the queue; its completion knows already. */
    void dropCancelled() {
        observers.finished(number, TaskObserver.Outcome.CANCELLED);
    }

    /** It will never run: cancelled while queued, or dropped by its worker before it started. */
    void drop() {
        observers.finished(number, TaskObserver.Outcome.CANCELLED);
        completion.setDropped();
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

    /** Fails a task taken out of the queue (never sent, or queued again); a cancelled one is only acknowledged. */
    void failQueued(Throwable error) {
        if (sentTo != null || completion.setRunningOrNotifyCancel()) {
            fail(error);
        } else {
            observers.finished(number, TaskObserver.Outcome.CANCELLED);
        }
    }

    /** Cancels a task taken out of the queue and acknowledges it, as CPython's manager does. */
    boolean cancelQueued() {
        if (sentTo != null) {
            drop(); // its completion is in the sent mode, where a cancel would ask the dead worker
            return true;
        }
        boolean cancelled = completion.cancel();
        completion.setRunningOrNotifyCancel();
        observers.finished(number, TaskObserver.Outcome.CANCELLED);
        return cancelled;
    }
}
