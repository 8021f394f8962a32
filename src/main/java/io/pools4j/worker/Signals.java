package io.pools4j.worker;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;

/**
 * Sends a POSIX signal to another process through libc's {@code kill(2)} (FFM): the JDK can send
 * SIGTERM and SIGKILL ({@link ProcessHandle#destroy()}), not SIGINT.
 *
 * <p><b>CPython:</b> {@code os.kill(pid, signal.SIGINT)}, which {@code Process.interrupt()} calls.
 */
final class Signals {

    /** POSIX SIGINT, the same number on every platform that has {@code kill(2)}. */
    static final int SIGINT = 2;

    private static final MethodHandle KILL = lookup();

    private Signals() {}

    private static MethodHandle lookup() {
        try {
            Linker linker = Linker.nativeLinker();
            return linker.downcallHandle(linker.defaultLookup().find("kill").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
        } catch (RuntimeException | LinkageError e) {
            return null; // no kill(2) here (Windows): send() says so
        }
    }

    /**
     * Sends {@code signal} to {@code pid}; a process that has ended already is not an error.
     *
     * @throws UnsupportedOperationException where libc's {@code kill} cannot be called
     */
    static void send(long pid, int signal) {
        if (KILL == null) {
            throw new UnsupportedOperationException("cannot send signal " + signal + " to pid " + pid
                    + ": libc's kill(2) is not available on " + System.getProperty("os.name")
                    + "; use terminate() or kill() instead");
        }
        try {
            int unused = (int) KILL.invokeExact((int) pid, signal); // -1 (ESRCH) when it has just ended: nothing to interrupt
        } catch (Throwable t) {
            throw new IllegalStateException("kill(" + pid + ", " + signal + ") failed", t);
        }
    }
}
