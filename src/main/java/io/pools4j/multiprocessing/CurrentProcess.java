package io.pools4j.multiprocessing;

/**
 * This JVM as a process of a pools4j program: its name, its pid, and whether it is the main
 * process or a worker a pool started.
 *
 * <p><b>Python:</b> {@code multiprocessing.current_process()} ({@code name}, {@code pid},
 * {@code daemon}) and {@code multiprocessing.parent_process()}.
 *
 * <p><b>Differences from Python:</b> Python returns a {@code Process} object; this record holds
 * what a process can say of itself. The main process is named {@code MainProcess}, as in Python;
 * a worker JVM is named as its pool named it ({@code ProcessPoolExecutor-0-1}, or
 * {@code pools4j-forkserver-1} for a FORKSERVER standby).
 *
 * @param name   {@code MainProcess}, or the worker's name
 * @param pid    this JVM's process id
 * @param daemon whether the process ends with its parent (pool workers do)
 */
public record CurrentProcess(String name, long pid, boolean daemon) implements java.io.Serializable {

    /** The name Python gives the main process. */
    public static final String MAIN_PROCESS = "MainProcess";

    /** Whether this is the program's main process rather than a child it started. */
    public boolean isMain() {
        return name.equals(MAIN_PROCESS);
    }

    /**
     * A copy of this JVM's authentication key: 32 random bytes in the main process, the parent's
     * key in a {@link Process}'s child.
     *
     * <p><b>Python:</b> {@code current_process().authkey}.
     * <b>Differences from Python:</b> a pool's worker JVM has a random key of its own, not its
     * parent's (pools4j pools authenticate their workers with a session key of their own).
     */
    public byte[] authkey() {
        return AuthKeys.current();
    }

    /**
     * Sets this JVM's authentication key; processes created afterwards inherit a copy of it.
     *
     * <p><b>Python:</b> {@code current_process().authkey = key}.
     *
     * @throws NullPointerException if {@code key} is null
     */
    public void setAuthkey(byte[] key) {
        AuthKeys.set(key);
    }

    /** As Python prints one: {@code <_MainProcess name='MainProcess' parent=None started>}. */
    @Override
    public String toString() {
        return isMain()
                ? "<_MainProcess name='" + name + "' pid=" + pid + " parent=None started>"
                : "<Process name='" + name + "' pid=" + pid + " started" + (daemon ? " daemon>" : ">");
    }
}
