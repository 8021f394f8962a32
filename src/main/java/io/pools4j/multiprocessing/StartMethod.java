package io.pools4j.multiprocessing;

/**
 * How a process pool starts its worker JVMs.
 *
 * <p><b>Python:</b> {@code multiprocessing}'s start methods, chosen with
 * {@code multiprocessing.get_context('spawn' | 'forkserver' | 'fork')} and passed as
 * {@code mp_context}: {@link #SPAWN} is {@code 'spawn'}, {@link #FORKSERVER} is
 * {@code 'forkserver'} (Python 3.14's default on Linux), {@link #FORK} is {@code 'fork'}. As in
 * Python, {@code concurrent.futures} takes its start methods from {@code multiprocessing}, never
 * the reverse.
 *
 * <p><b>Differences from Python:</b> {@link #FORK} is refused: a JVM cannot fork. A forked
 * process keeps only the thread that called {@code fork()}, so the child JVM would have no
 * garbage collector, no JIT compiler threads and none of the other threads a JVM needs.
 * {@link #FORKSERVER} does not fork either: it keeps warm JVMs started ahead, shared by every
 * pool of the process, which is what Python's fork server is for (a new process ready in
 * milliseconds).
 */
public enum StartMethod {
    /** A fresh worker JVM is launched when one is needed (~0.1-0.3 s before it runs its first task). */
    SPAWN,
    /**
     * Standby worker JVMs are kept launched and connected ahead of need, shared by every pool of
     * this JVM (as many as the largest FORKSERVER pool's workers, at most the processors), so that
     * a new worker (at a pool's first submit, or replacing one after {@code maxTasksPerChild}
     * tasks) is ready in milliseconds; a standby is replaced in the background as soon as it is
     * taken. The first FORKSERVER pool starts them, and pays their start-up; they end with the JVM.
     */
    FORKSERVER,
    /** Refused by {@link #requireUsable()} with the reason; listed so that the Python name has an answer. */
    FORK;

    /** Python's name of the method: {@code "spawn"}, {@code "forkserver"}, {@code "fork"}. */
    public String pythonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Returns this method if a JVM can start workers with it: every pool and context that takes a
     * start method checks it here, so that the refusal of {@link #FORK} is written once.
     *
     * <p><b>Python:</b> none; CPython's {@code get_context('fork')} works on Linux.
     *
     * @throws IllegalArgumentException for {@link #FORK}, saying why and what to use instead
     */
    public StartMethod requireUsable() {
        if (this == FORK) {
            throw new IllegalArgumentException("StartMethod.FORK is not possible for a JVM: a forked JVM keeps only the "
                    + "thread that called fork(), so its garbage collector, JIT compilers and every other thread would be "
                    + "gone; use StartMethod.SPAWN (a fresh JVM per worker) or StartMethod.FORKSERVER (a warm standby JVM, "
                    + "ready in milliseconds)");
        }
        return this;
    }
}
