package io.pools4j.worker.pool;

/**
 * What a pool does when one of its worker JVMs dies without being asked to (kill -9,
 * {@code System.exit}, out of memory, a crash), whether it held tasks or was idle. A death the
 * pool asked for (the stop button, terminateWorkers, retirement, shutdown) is never such a death.
 *
 * <p><b>Python:</b> the two pools' answers: {@code concurrent.futures.ProcessPoolExecutor} breaks
 * ({@code BrokenProcessPool}); {@code multiprocessing.Pool} replaces the process
 * ({@code _maintain_pool}), though there the task it held waits for ever.
 */
public enum DeathPolicy {
    /**
     * The pool is broken for good: every queued and running task fails with
     * {@link PoolErrors#broken}, the other workers are killed, and submitting throws.
     * ProcessPoolExecutor's policy.
     */
    BREAK_POOL,
    /**
     * Only the task the dead worker was running fails, with {@link PoolErrors#lost} (its pid and
     * exit code); the tasks sent ahead to it, which it had not started, go back to the front of
     * the queue, in order, for another worker. A new worker is started in its place at once and
     * the pool goes on. multiprocessing.Pool's policy.
     */
    REPLACE_WORKER
}
