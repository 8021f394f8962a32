package io.pools4j.futures;

import io.pools4j.worker.WorkerDiedException;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * The exceptions a process pool fails futures with when a worker JVM ends or cannot be used, with
 * messages that say what happened, which worker, how it ended, its last stderr lines and what to
 * do. Building them is all it does: breaking the pool is {@code ProcessPoolManager.breakWith}.
 *
 * <p><b>CPython:</b> the {@code BrokenProcessPool} exceptions of {@code process.py}: the one
 * {@code _ExecutorManagerThread.terminate_broken} raises into every pending future ("A process in
 * the process pool was terminated abruptly while the future was running or pending."), and the
 * broken pool a failed initializer leads to ({@code _process_worker} logs "Exception in
 * initializer:" and exits).
 */
final class PoolBreakage {

    private PoolBreakage() {
    }

    /** A worker died without being asked to: the pool is broken. */
    static BrokenProcessPoolException died(WorkerDiedException death) {
        return new BrokenProcessPoolException(brokenMessage(death, null), death, death.pid(), death.exitCode(), death.stderrTail());
    }

    /**
     * CPython's message, then which worker, how it ended, and its last stderr lines. {@code how}
     * names who ended a worker on purpose; null for a death that breaks the pool.
     */
    static String brokenMessage(WorkerDiedException death, String how) {
        Integer code = death.exitCode();
        String exit = code == null ? "was lost (still running when reported)"
                : "exited with code " + code + (code > 128 && code < 160 ? " (killed by signal " + (code - 128) + ")" : "");
        return "A process in the process pool was terminated abruptly while the future was running or pending: worker pid "
                + death.pid() + " " + exit + (how == null ? "" : ": " + how)
                + (death.stderrTail().isEmpty() ? "; it wrote nothing on stderr"
                        : "; last lines of its stderr:\n    " + String.join("\n    ", death.stderrTail()))
                + (how == null ? "\nThe pool is not usable anymore; create a new executor" : "");
    }

    /** The stop button ended the task's worker: the task is cancelled, the pool goes on. */
    static CancellationException interruptedByUser(WorkerDiedException death) {
        CancellationException e = new CancellationException("task interrupted by the user: its worker JVM (pid "
                + death.pid() + ") was ended; the pool starts a new worker for the next tasks");
        e.initCause(death);
        return e;
    }

    /** A worker JVM the pool waits for could not be started. */
    static BrokenProcessPoolException startFailed(Exception e) {
        return new BrokenProcessPoolException("A worker JVM of the process pool could not be started (" + e.getMessage()
                + "); the pool is not usable anymore; check the JVM flags and memory, and create a new executor",
                e, null, null, List.of());
    }

    /** A worker's initializer threw. */
    static BrokenProcessPoolException initializerFailed(long pid, Throwable error) {
        return new BrokenProcessPoolException("A process in the process pool failed to run its initializer (worker pid "
                + pid + ": " + error + "); the pool is not usable anymore; fix the initializer and create a new executor",
                error, pid, null, List.of());
    }
}
