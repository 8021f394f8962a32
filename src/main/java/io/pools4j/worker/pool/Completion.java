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
 * <p>Contract, as the engine keeps it: {@link #setRunningOrNotifyCancel()} is called once, when
 * the task leaves the queue; if it returned {@code true}, exactly one of {@link #setResult} and
 * {@link #setException} follows, once. A task that never leaves the queue gets {@link #cancel()}
 * then {@link #setRunningOrNotifyCancel()} (the stop button, a shutdown that cancels), or
 * {@link #setRunningOrNotifyCancel()} then {@link #setException} (a broken pool). The calls come
 * from the pool's threads (its manager, a worker's reader) or from a thread that shuts the pool
 * down or interrupts it. The manager calls {@link #setRunningOrNotifyCancel()} under the pool's
 * lock, so it must be quick and must not call back into the pool; every other call is made
 * outside the pool's locks, so that a done-callback may submit again.
 *
 * @param <R> the task's result type
 */
public interface Completion<R> {

    /**
     * The task leaves the queue to run: mark it running, or acknowledge a cancel made while it waited.
     *
     * @return {@code true} if it runs; {@code false} if it was cancelled (the engine drops it)
     */
    boolean setRunningOrNotifyCancel();

    /** The task returned {@code value}. */
    void setResult(R value);

    /** The task threw {@code error}, or could not run (its worker died, the pool broke). */
    void setException(Throwable error);

    /**
     * Cancels a task that has not left the queue.
     *
     * @return {@code true} if it is (now) cancelled
     */
    boolean cancel();
}
