package io.pools4j.worker.pool;

/**
 * What the pool engine completes for each task: the caller's handle on the task's outcome. The
 * engine calls these methods and nothing else of it, so that any result type can be used:
 * {@code io.pools4j.futures.Future} implements it, and {@code multiprocessing.AsyncResult} is to.
 *
 * <p><b>Python:</b> the executor side of {@code concurrent.futures.Future}
 * ({@code set_running_or_notify_cancel}, {@code set_result}, {@code set_exception}) that
 * {@code process.py}'s manager calls, and {@code multiprocessing.pool.ApplyResult._set}.
 *
 * <p>Contract, as the engine keeps it. A task leaves the queue in one of two ways. Sent to a
 * worker: {@link #setSentOrNotifyCancel} is called once; if it returned {@code true}, then
 * {@link #setRunning()} once the worker starts it (not for a task that fails before it starts),
 * and one of {@link #setResult}, {@link #setException} or {@link #setDropped} follows, once. Not
 * sent: {@link #cancel()} then {@link #setRunningOrNotifyCancel()} (the stop button, a shutdown
 * that cancels), or {@link #setRunningOrNotifyCancel()} then {@link #setException} (a broken
 * pool); a task sent and later queued again after its worker died gets {@link #setDropped} or
 * {@link #setException} there instead. The calls come from the pool's threads (its manager, a
 * worker's reader) or from a thread that cancels, shuts the pool down or interrupts it. The
 * manager calls {@link #setSentOrNotifyCancel} under the pool's lock and a reader calls
 * {@link #setRunning()} under its worker's table lock, so both must be quick and must not call
 * back into the pool; every other call is made outside the pool's locks, so that a done-callback
 * may submit again.
 *
 * @param <R> the task's result type
 */
public interface Completion<R> {

    /**
     * The task leaves the queue without a worker (to be failed, or dropped at a cancel): mark it
     * running, or acknowledge a cancel made while it waited.
     *
     * @return {@code true} if it runs; {@code false} if it was cancelled (the engine drops it)
     */
    boolean setRunningOrNotifyCancel();

    /**
     * The task leaves the queue for a worker, where it waits behind the worker's running task
     * until it starts: it stays pending, and until {@link #setRunning()} a cancel may ask
     * {@code sent} to drop it. By default the task counts as running from here (a completion
     * that nobody cancels but the pool).
     *
     * @return {@code true} if it goes; {@code false} if it was cancelled while queued (the engine drops it)
     */
    default boolean setSentOrNotifyCancel(SentTask sent) {
        return setRunningOrNotifyCancel();
    }

    /** The worker started the task: it can no longer be cancelled. */
    default void setRunning() {}

    /**
     * The task was dropped after it left the queue (its worker skipped it at a cancel, or it was
     * cancelled while queued again after its worker died): it is cancelled and will never run. By
     * default {@link #cancel()} then {@link #setRunningOrNotifyCancel()}, as for a queued task.
     */
    default void setDropped() {
        cancel();
        setRunningOrNotifyCancel();
    }

    /** The task returned {@code value}. */
    void setResult(R value);

    /** The task threw {@code error}, or could not run (its worker died, the pool broke). */
    void setException(Throwable error);

    /**
     * Cancels a task that has not started.
     *
     * @return {@code true} if it is (now) cancelled
     */
    boolean cancel();
}
