package io.pools4j.worker.pool;

import io.pools4j.fn.Fn0;
import io.pools4j.multiprocessing.StartMethod;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * What an owner (ProcessPoolExecutor, multiprocessing.Pool) asks of its {@link PoolEngine}; fixed
 * for the pool's life.
 *
 * <p><b>Python:</b> the arguments both pools share: {@code max_workers}/{@code processes},
 * {@code mp_context}, {@code max_tasks_per_child}/{@code maxtasksperchild}, {@code initializer}
 * with {@code initargs}; the death policy and the errors are what the two differ in.
 *
 * @param name             the pool's name, which its threads and worker JVMs carry ({@code ProcessPoolExecutor-0-3})
 * @param maxWorkers       the most worker JVMs at once, at least 1
 * @param startMethod      how workers start: {@code SPAWN}, or a {@code FORKSERVER} standby
 * @param maxTasksPerChild tasks after which a worker is replaced; 0 for no limit (Python's None)
 * @param initializer      run in each worker before its first task, if present
 * @param jvmOptions       extra options of every worker JVM ({@code -Xmx512m}, {@code -Dk=v}); only
 *                         with SPAWN, as FORKSERVER standbys are started before any pool
 * @param prefetch         tasks a worker holds at least, once the pool has all its workers
 * @param deathPolicy      what a worker's unasked death does to the pool
 * @param errors           the owner's exceptions
 * @param log              the owner's logger, which failures nobody waits for go to (a failed
 *                         initializer, a failed manager thread), as CPython logs them on
 *                         {@code concurrent.futures}' logger
 */
public record PoolSettings(String name, int maxWorkers, StartMethod startMethod, int maxTasksPerChild,
                           Optional<Fn0<?>> initializer, List<String> jvmOptions, int prefetch, DeathPolicy deathPolicy, PoolErrors errors,
                           Logger log) {

    /** @throws IllegalArgumentException or NullPointerException for a value no pool can use */
    public PoolSettings {
        Objects.requireNonNull(name, "name must not be null");
        PoolArguments.maxWorkers(maxWorkers);
        PoolArguments.startMethod(startMethod);
        if (maxTasksPerChild != 0) {
            PoolArguments.maxTasksPerChild(maxTasksPerChild);
        }
        Objects.requireNonNull(initializer, "initializer must not be null: use Optional.empty() for none");
        jvmOptions = PoolArguments.jvmOptions(jvmOptions);
        PoolArguments.startMethodFor(jvmOptions, Optional.of(startMethod), () -> startMethod);
        if (prefetch < 1) {
            throw new IllegalArgumentException("prefetch must be >= 1, prefetch=" + prefetch);
        }
        Objects.requireNonNull(deathPolicy, "deathPolicy must not be null: use DeathPolicy.BREAK_POOL or REPLACE_WORKER");
        Objects.requireNonNull(errors, "errors must not be null");
        Objects.requireNonNull(log, "log must not be null");
    }
}
