package io.pools4j.multiprocessing;

import io.pools4j.worker.WorkerDiedException;
import io.pools4j.worker.pool.Breakage;
import io.pools4j.worker.pool.PoolErrors;

/**
 * The exceptions a {@link Pool}'s results fail with and its methods throw, in the pool's own
 * words; the pool engine decides when.
 *
 * <p><b>CPython:</b> {@code multiprocessing.pool}'s {@code ValueError("Pool not running")}; where
 * Python's Pool waits for ever (a worker that died mid-task, a failing initializer), these say
 * what happened.
 */
final class PoolFailures implements PoolErrors {

    /** A call after close() or terminate(). */
    static IllegalStateException notRunning() {
        return new IllegalStateException("Pool not running: close() or terminate() was called; create a new Pool");
    }

    @Override
    public RuntimeException broken(Breakage why) {
        return switch (why) {
            case Breakage.InitializerFailed(long pid, Throwable error) -> new BrokenPoolException("a worker of the pool "
                    + "failed to run its initializer (worker pid " + pid + ": " + error + "); the pool is not usable "
                    + "anymore: fix the initializer and create a new Pool", error);
            case Breakage.StartFailed(Exception e) -> new BrokenPoolException("a worker JVM of the pool could not be "
                    + "started (" + e.getMessage() + "); check the JVM flags and memory, and create a new Pool", e);
            case Breakage.WorkerDied(WorkerDiedException death) -> new BrokenPoolException(death.getMessage()
                    + "; the pool is not usable anymore: create a new Pool", death);
            case Breakage.ManagerFailed(Throwable e) -> new BrokenPoolException("the pool's manager thread failed ("
                    + e + "); create a new Pool", e);
        };
    }

    @Override
    public RuntimeException rejected() {
        return notRunning();
    }

    @Override
    public Throwable terminated(WorkerDiedException death) {
        return new ProcessException("the task was stopped by Pool.terminate(): its worker JVM (pid " + death.pid()
                + ") was ended", death);
    }

    /** A worker that died mid-task: its pid and how it ended; the pool has started another. */
    @Override
    public Throwable lost(WorkerDiedException death) {
        return new ProcessException("the worker JVM running this task died: " + death.getMessage()
                + ". The pool started a new worker and goes on", death);
    }
}
