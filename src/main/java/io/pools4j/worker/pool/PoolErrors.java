package io.pools4j.worker.pool;

import io.pools4j.worker.WorkerDiedException;
import java.util.concurrent.CancellationException;

/**
 * The exceptions a pool's callers and tasks see, built by the pool's owner in its own words: the
 * engine knows when, the owner knows what to call it ({@code BrokenProcessPoolException} and
 * "create a new executor" for ProcessPoolExecutor; multiprocessing.Pool's own).
 *
 * <p><b>CPython:</b> what {@code process.py} raises into futures and from {@code submit}
 * ({@code BrokenProcessPool}, {@code RuntimeError('cannot schedule new futures after shutdown')}),
 * and {@code multiprocessing.pool}'s {@code ValueError("Pool not running")}.
 */
public interface PoolErrors {

    /**
     * The pool is broken: the exception for each of its tasks and for a later submit. Called once
     * for each, so it must build a new exception each time, with the same message for the same
     * {@code why}.
     */
    RuntimeException broken(Breakage why);

    /** A submit after shutdown. */
    RuntimeException rejected();

    /** A task whose worker {@code terminateWorkers()}/{@code killWorkers()} ended. */
    Throwable terminated(WorkerDiedException death);

    /**
     * Under {@link DeathPolicy#REPLACE_WORKER}: a task whose worker died unasked. By default the
     * death report itself, which names the worker's pid, its exit code or signal and its stderr.
     */
    default Throwable lost(WorkerDiedException death) {
        return death;
    }

    /** A task whose worker the stop button ended: cancelled, and the pool goes on. */
    default Throwable interrupted(WorkerDiedException death) {
        CancellationException e = new CancellationException("task interrupted by the user: its worker JVM (pid "
                + death.pid() + ") was ended; the pool starts a new worker for the next tasks");
        e.initCause(death);
        return e;
    }
}
