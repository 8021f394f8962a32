package io.pools4j.multiprocessing;

import io.pools4j.worker.Forkserver;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The module-level functions of Python's {@code multiprocessing}: start methods and contexts,
 * the processor count, and which process this is.
 *
 * <p><b>Python:</b> {@code multiprocessing.get_context}, {@code set_start_method},
 * {@code get_start_method}, {@code get_all_start_methods}, {@code cpu_count},
 * {@code current_process}, {@code parent_process}, {@code active_children}; and
 * {@link #stopForkserver()}, which Python keeps private.
 *
 * <p><b>Differences from Python:</b> {@code force=True} is {@link Force#FORCE};
 * {@code get_start_method(allow_none=True)} is {@link #getStartMethodOrNull()}; there is no
 * {@code fork} context (a JVM cannot fork: {@link StartMethod#requireUsable()} says why). Setting
 * the start method needs no {@code if __name__ == '__main__'} guard: a child JVM does not re-run
 * the notebook.
 */
public final class Multiprocessing {

    /** What Python 3.14 uses on Linux when nothing was set, and what a JVM does best. */
    private static final StartMethod DEFAULT = StartMethod.FORKSERVER;

    /** The program-wide start method once set or fixed, else null; guarded by the class. */
    private static StartMethod chosen;

    /** <b>Python:</b> the {@code force=True} of {@code set_start_method(method, force=True)}. */
    public enum Force {
        /** Replace a start method that was already set (or, with {@code null}, unset it). */
        FORCE
    }

    private Multiprocessing() {
    }

    /**
     * The program-wide context: the start method set with {@link #setStartMethod}, else the
     * default ({@link StartMethod#FORKSERVER}), which this call then fixes.
     *
     * <p><b>Python:</b> {@code multiprocessing.get_context()}.
     */
    public static Context getContext() {
        return new Context(getStartMethod());
    }

    /**
     * A context for {@code method}; the program-wide start method is not touched.
     *
     * <p><b>Python:</b> {@code multiprocessing.get_context(method)}.
     *
     * @throws IllegalArgumentException for {@link StartMethod#FORK}, with the reason and what to use
     */
    public static Context getContext(StartMethod method) {
        return method == null ? getContext() : new Context(method);
    }

    /**
     * A context by Python's name of its start method: {@code "spawn"} or {@code "forkserver"},
     * as the course sources write {@code get_context('spawn')}.
     *
     * @throws IllegalArgumentException for {@code "fork"} (with the reason) and for a name that is
     *                                  no start method
     */
    public static Context getContext(String method) {
        return method == null ? getContext() : getContext(parse(method));
    }

    /**
     * Sets the start method of {@link #getContext()}, once for the program.
     *
     * <p><b>Python:</b> {@code multiprocessing.set_start_method(method)}.
     *
     * @throws IllegalStateException    if a start method was already set or fixed: say
     *                                  {@link Force#FORCE} to replace it
     * @throws IllegalArgumentException for {@link StartMethod#FORK}
     */
    public static synchronized void setStartMethod(StartMethod method) {
        Objects.requireNonNull(method, "method (to unset the start method, pass null with Force.FORCE)");
        if (chosen != null) {
            throw new IllegalStateException("context has already been set (to " + chosen.pythonName()
                    + "); call setStartMethod(" + method + ", Force.FORCE) to replace it, or use getContext("
                    + method + ") for this one use");
        }
        chosen = method.requireUsable();
    }

    /**
     * Sets the start method even if one was set before; {@code null} unsets it, so that the next
     * {@link #getStartMethod()} fixes the default again.
     *
     * <p><b>Python:</b> {@code multiprocessing.set_start_method(method, force=True)}.
     *
     * @throws IllegalArgumentException for {@link StartMethod#FORK}
     */
    public static synchronized void setStartMethod(StartMethod method, Force force) {
        Objects.requireNonNull(force, "force");
        chosen = method == null ? null : method.requireUsable();
    }

    /**
     * The program-wide start method; if none was set, the default, which is then fixed (a later
     * {@link #setStartMethod(StartMethod)} without {@link Force#FORCE} fails, as in Python).
     *
     * <p><b>Python:</b> {@code multiprocessing.get_start_method()}.
     */
    public static synchronized StartMethod getStartMethod() {
        if (chosen == null) {
            chosen = DEFAULT;
        }
        return chosen;
    }

    /**
     * The start method set so far, or null if none was; fixes nothing.
     *
     * <p><b>Python:</b> {@code multiprocessing.get_start_method(allow_none=True)}.
     */
    public static synchronized StartMethod getStartMethodOrNull() {
        return chosen;
    }

    /**
     * The start methods a JVM can use, the default first: {@code [FORKSERVER, SPAWN]}.
     *
     * <p><b>Python:</b> {@code multiprocessing.get_all_start_methods()}, which on Linux with
     * Python 3.14 lists {@code ['forkserver', 'fork', 'spawn']}; {@code fork} is not listed here
     * because a JVM cannot use it.
     */
    public static List<StartMethod> getAllStartMethods() {
        return List.of(StartMethod.FORKSERVER, StartMethod.SPAWN);
    }

    /**
     * Ends the forkserver's idle standby worker JVMs now (about 50 MB each), as when they are
     * retired after the idle timeout; workers that pools took stay theirs. The next FORKSERVER
     * pool starts new standbys, paying a JVM's start-up again. Calling it is never needed: the
     * standbys end with this JVM, and after 10 minutes unused (set in seconds with
     * {@code -Dpools4j.standby.idle=N} or {@code POOLS4J_STANDBY_IDLE=N}; 0 keeps them).
     *
     * <p><b>Python:</b> none public; the nearest is the private
     * {@code multiprocessing.forkserver._forkserver._stop()} that CPython's tests call. CPython's
     * fork server is one small process that lives as long as its parent; here the server is a
     * stock of started worker JVMs, which cost more to keep, hence this call and the idle timeout.
     */
    public static void stopForkserver() {
        Forkserver.stop();
    }

    /**
     * The number of processors this JVM may use (the default number of a pool's workers).
     *
     * <p><b>Python:</b> {@code multiprocessing.cpu_count()}; like Python 3.13's
     * {@code os.process_cpu_count()}, it counts only the processors this process may run on.
     */
    public static int cpuCount() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * This JVM as a process: {@code MainProcess} in the notebook, the worker's name in a worker.
     *
     * <p><b>Python:</b> {@code multiprocessing.current_process()}.
     */
    public static CurrentProcess currentProcess() {
        // The worker runtime launches a worker JVM with its name; a Process's child is renamed to
        // the Process's name and told whether it is a daemon (pool workers always are).
        String worker = System.getProperty(ProcessBootstrap.NAME_PROPERTY);
        long pid = ProcessHandle.current().pid();
        return worker == null
                ? new CurrentProcess(CurrentProcess.MAIN_PROCESS, pid, false)
                : new CurrentProcess(worker, pid, !"false".equals(System.getProperty(ProcessBootstrap.DAEMON_PROPERTY)));
    }

    /**
     * The process that started this one, empty in the main process.
     *
     * <p><b>Python:</b> {@code multiprocessing.parent_process()}, which is {@code None} in the
     * main process.
     */
    public static Optional<ProcessHandle> parentProcess() {
        return currentProcess().isMain() ? Optional.empty() : ProcessHandle.current().parent();
    }

    /**
     * The {@link Process}es this JVM started that are still running; those found ended are
     * dropped from the list that {@link Process} keeps, as Python reaps them here.
     *
     * <p><b>Python:</b> {@code multiprocessing.active_children()}.
     */
    public static List<Process> activeChildren() {
        return ProcessTable.active();
    }

    private static StartMethod parse(String method) {
        for (StartMethod m : StartMethod.values()) {
            if (m.pythonName().equals(method.strip().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("cannot find context for '" + method + "'; the start methods are "
                + getAllStartMethods().stream().map(StartMethod::pythonName).toList());
    }
}
