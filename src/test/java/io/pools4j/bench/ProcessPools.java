package io.pools4j.bench;

import io.pools4j.futures.ProcessPoolExecutor;
import io.pools4j.multiprocessing.Pool;
import io.pools4j.multiprocessing.StartMethod;

/**
 * The process pools the benchmark compares with CPython's: the start method is always named,
 * because peer_bench.py runs CPython with spawn while our default (Python 3.14's) is forkserver.
 *
 * <p><b>Python:</b> {@code concurrent.futures.ProcessPoolExecutor(n, mp_context=get_context(...))}
 * and {@code get_context("spawn").Pool(n)}.
 */
final class ProcessPools {

    private ProcessPools() {}

    /** {@code ProcessPoolExecutor(n, mp_context=get_context("spawn"))}: cold worker JVMs, as CPython's spawn. */
    static ProcessPoolExecutor spawn(int maxWorkers) {
        return ProcessPoolExecutor.builder().maxWorkers(maxWorkers).startMethod(StartMethod.SPAWN).build();
    }

    /** {@code ProcessPoolExecutor(n, mp_context=get_context("forkserver"))}: a standby worker JVM. */
    static ProcessPoolExecutor forkserver(int maxWorkers) {
        return ProcessPoolExecutor.builder().maxWorkers(maxWorkers).startMethod(StartMethod.FORKSERVER).build();
    }

    /** {@code get_context("spawn").Pool(n)}: a multiprocessing pool of cold worker JVMs. */
    static Pool spawnPool(int processes) {
        return Pool.builder().processes(processes).startMethod(StartMethod.SPAWN).build();
    }
}
