package io.pools4j.futures;

import java.util.List;

/**
 * A {@link ProcessPoolExecutor} cannot run tasks any more: one of its worker JVMs ended
 * abruptly (killed, {@code System.exit}, out of memory), failed its initializer, or could not be
 * started. Every pending and running future fails with it, and {@code submit} throws it; create
 * a new executor.
 *
 * <p><b>Python:</b> {@code concurrent.futures.process.BrokenProcessPool}.
 *
 * <p><b>Differences from Python:</b> the message names the worker's pid, its exit code and the
 * last lines it wrote on its own stderr, which are also available as {@link #pid()},
 * {@link #exitCode()} and {@link #stderrTail()}.
 */
public class BrokenProcessPoolException extends BrokenExecutorException {
    private static final long serialVersionUID = 1L;

    private final Long pid;
    private final Integer exitCode;
    private final List<String> stderrTail;

    /**
     * @param message    what broke the pool and what to do
     * @param cause      the worker's death report, or the initializer's or launch's exception
     * @param pid        the pid of the worker that broke the pool, or null when there was none
     * @param exitCode   its exit code, or null when it had not exited (or never started)
     * @param stderrTail the last lines it wrote on its own stderr, or an empty list
     */
    public BrokenProcessPoolException(String message, Throwable cause, Long pid, Integer exitCode, List<String> stderrTail) {
        super(message, cause);
        this.pid = pid;
        this.exitCode = exitCode;
        this.stderrTail = List.copyOf(stderrTail);
    }

    /** The pid of the worker JVM that broke the pool, or null when no worker was involved. */
    public Long pid() {
        return pid;
    }

    /** Its exit code, or null when it had not exited when the pool broke. */
    public Integer exitCode() {
        return exitCode;
    }

    /** The last lines the worker JVM wrote on its own stderr (not task output). */
    public List<String> stderrTail() {
        return stderrTail;
    }
}
