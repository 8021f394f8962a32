package io.pools4j.worker;

import java.util.List;

/**
 * A worker JVM ended while it held tasks (killed, {@code System.exit}, out of memory, crashed).
 * Owners turn it into their own error (the executor's {@code BrokenProcessPoolException}).
 *
 * <p><b>CPython:</b> the {@code BrokenProcessPool("A child process terminated abruptly ...")}
 * cause built by {@code process.py}'s {@code _ExecutorManagerThread.terminate_broken}, which also
 * attaches the exit codes.
 */
public final class WorkerDiedException extends Exception {

    private final String worker;
    private final long pid;
    private final Integer exitCode;
    private final List<String> stderrTail;

    /**
     * @param worker     the worker's name ({@code pools4j-worker-3})
     * @param pid        its process id
     * @param exitCode   its exit code, or null when it had not exited when reported
     * @param stderrTail the last lines it wrote on its own stderr/stdout (not task output)
     */
    public WorkerDiedException(String worker, long pid, Integer exitCode, List<String> stderrTail) {
        super("worker JVM " + worker + " (pid " + pid + ") terminated abruptly"
                + (exitCode == null ? "" : " with exit code " + exitCode + describe(exitCode))
                + " while running or holding tasks"
                + (stderrTail.isEmpty() ? "; it wrote nothing on stderr"
                        : "; last lines of its stderr:\n    " + String.join("\n    ", stderrTail)));
        this.worker = worker;
        this.pid = pid;
        this.exitCode = exitCode;
        this.stderrTail = List.copyOf(stderrTail);
    }

    private static String describe(int exitCode) {
        // 128 + n is how a JVM launched by ProcessBuilder reports death by signal n.
        return switch (exitCode) {
            case 137 -> " (killed by SIGKILL)";
            case 143 -> " (terminated by SIGTERM)";
            case 134 -> " (aborted: a JVM crash, see hs_err_pid" + "*.log)";
            default -> exitCode > 128 && exitCode < 160 ? " (signal " + (exitCode - 128) + ")" : "";
        };
    }

    public String worker() {
        return worker;
    }

    public long pid() {
        return pid;
    }

    /** The exit code, or null when the process had not exited yet when this was built. */
    public Integer exitCode() {
        return exitCode;
    }

    public List<String> stderrTail() {
        return stderrTail;
    }
}
