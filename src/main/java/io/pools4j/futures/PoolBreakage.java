package io.pools4j.futures;

import io.pools4j.worker.WorkerDiedException;
import io.pools4j.worker.pool.Breakage;
import io.pools4j.worker.pool.PoolErrors;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * The exceptions a {@link ProcessPoolExecutor}'s futures fail with when a worker JVM ends or cannot
 * be used, and its {@code submit} throws, with messages that say what happened, which worker, how
 * it ended, its last stderr lines and what to do. Building them is all it does: the pool engine
 * decides when ({@code io.pools4j.worker.pool}).
 *
 * <p><b>CPython:</b> the {@code BrokenProcessPool} exceptions of {@code process.py}: the one
 * {@code _ExecutorManagerThread.terminate_broken} raises into every pending future ("A process in
 * the process pool was terminated abruptly while the future was running or pending."), and the
 * broken pool a failed initializer leads to ({@code _process_worker} logs "Exception in
 * initializer:" and exits).
 */
final class PoolBreakage implements PoolErrors {

    @Override
    public BrokenProcessPoolException broken(Breakage why) {
        return switch (why) {
            case Breakage.WorkerDied(WorkerDiedException death) -> died(death, "",
                    "\nThe pool is not usable anymore; create a new executor");
            case Breakage.StartFailed(Exception e) -> new BrokenProcessPoolException("A worker JVM of the process pool "
                    + "could not be started (" + e.getMessage() + "); the pool is not usable anymore; check the JVM flags "
                    + "and memory, and create a new executor", e, null, null, List.of());
            case Breakage.InitializerFailed(long pid, Throwable error) -> new BrokenProcessPoolException("A process in the "
                    + "process pool failed to run its initializer (worker pid " + pid + ": " + error + "); the pool is not "
                    + "usable anymore; fix the initializer and create a new executor", error, pid, null, List.of());
            case Breakage.ManagerFailed(Throwable e) -> new BrokenProcessPoolException("the process pool's manager thread "
                    + "failed (" + e + "); create a new executor", e, null, null, List.of());
        };
    }

    @Override
    public RejectedExecutionException rejected() {
        return new RejectedExecutionException("cannot schedule new futures after shutdown(); create a new executor");
    }

    @Override
    public BrokenProcessPoolException terminated(WorkerDiedException death) {
        return died(death, ": terminateWorkers()/killWorkers() ended it", "");
    }

    /**
     * CPython's message, then which worker, how it ended, who ended it ({@code how}, empty for
     * nobody), its last stderr lines, and {@code then}: what it means for the pool.
     */
    private static BrokenProcessPoolException died(WorkerDiedException death, String how, String then) {
        Integer code = death.exitCode();
        String exit = code == null ? "was lost (still running when reported)"
                : "exited with code " + code + (code > 128 && code < 160 ? " (killed by signal " + (code - 128) + ")" : "");
        String message = "A process in the process pool was terminated abruptly while the future was running or pending: "
                + "worker pid " + death.pid() + " " + exit + how
                + (death.stderrTail().isEmpty() ? "; it wrote nothing on stderr"
                        : "; last lines of its stderr:\n    " + String.join("\n    ", death.stderrTail()))
                + then;
        return new BrokenProcessPoolException(message, death, death.pid(), death.exitCode(), death.stderrTail());
    }
}
