/**
 * Internal: the pool engine that {@code io.pools4j.futures.ProcessPoolExecutor} and
 * {@code multiprocessing.Pool} run on. {@link io.pools4j.worker.pool.PoolEngine} takes tasks with
 * a {@link io.pools4j.worker.pool.Completion} each and runs them on worker JVMs from a
 * {@code WorkerSource} (SPAWN, or a FORKSERVER standby); an owner picks its
 * {@link io.pools4j.worker.pool.DeathPolicy} and its exceptions
 * ({@link io.pools4j.worker.pool.PoolErrors}) in {@link io.pools4j.worker.pool.PoolSettings}, and
 * its builder checks its arguments with {@link io.pools4j.worker.pool.PoolArguments}. Not part of
 * the API: nothing in a notebook imports it.
 *
 * <p><b>Python:</b> the machinery of {@code concurrent.futures.process} and
 * {@code multiprocessing.pool} (manager and result-handler threads, process management).
 *
 * <p><b>Memory consistency.</b> Submitting a task happens-before it is sent to a worker; the
 * worker's answer is read by the worker's reader thread, which completes the task's
 * {@code Completion}, so what the completion publishes (a {@code Future}'s lock) orders it for
 * the caller.
 */
package io.pools4j.worker.pool;
