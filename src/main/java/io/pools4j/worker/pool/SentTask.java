package io.pools4j.worker.pool;

/**
 * A task its pool has sent to a worker ahead of its start, as the task's {@link Completion} sees
 * it: the way to cancel it there.
 *
 * <p><b>Python:</b> none; CPython's {@code ProcessPoolExecutor} marks a task RUNNING as soon as
 * it enters the call queue, so {@code Future.cancel()} cannot stop it. Here a task is RUNNING
 * only once its worker has started it.
 */
@FunctionalInterface
public interface SentTask {

    /**
     * Asks the task's worker to drop it, and waits for the answer (one round trip to the worker;
     * none when the pool already knows the answer). Must be called outside the completion's own
     * lock: the answer comes through {@link Completion#setDropped} or {@link Completion#setRunning}.
     *
     * @return {@code true} if the task will never run (the completion has had
     *     {@link Completion#setDropped}); {@code false} if it has started or ended, or if the caller
     *     is a worker's reader thread, which must not wait for a worker
     */
    boolean cancel();
}
