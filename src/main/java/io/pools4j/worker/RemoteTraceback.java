package io.pools4j.worker;

/**
 * The stack trace of an exception as the worker JVM printed it, attached as the cause of the
 * exception the caller receives, so that both the caller's and the worker's frames are shown.
 *
 * <p><b>CPython:</b> {@code concurrent.futures.process._RemoteTraceback}, set as
 * {@code __cause__} by {@code _rebuild_exc}.
 */
public final class RemoteTraceback extends Exception {

    private final long pid;

    /**
     * @param pid   the worker's process id
     * @param trace the child's {@code printStackTrace} text
     */
    public RemoteTraceback(long pid, String trace) {
        super("\n\"\"\" in worker JVM pid " + pid + "\n" + trace + "\"\"\"", null, false, false);
        this.pid = pid;
    }

    /** The pid of the worker JVM where the exception was thrown. */
    public long pid() {
        return pid;
    }
}
