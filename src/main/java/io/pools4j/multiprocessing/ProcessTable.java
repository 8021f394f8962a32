package io.pools4j.multiprocessing;

import io.pools4j.worker.WorkerGroup;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link Process}es this JVM started and has not yet seen end, and what happens to them when this JVM exits: daemonic children are terminated, the others
 * are joined, as Python does, before the worker runtime's reaper kills whatever is left.
 *
 * <p><b>CPython:</b> {@code multiprocessing.process._children} with {@code _cleanup()}, and
 * {@code multiprocessing.util._exit_function}.
 *
 * <p>Thread-safe: the table is a concurrent set.
 */
final class ProcessTable {

    private static final Set<Process> STARTED = ConcurrentHashMap.newKeySet();

    static {
        WorkerGroup.beforeReaping(ProcessTable::atExit);
    }

    private ProcessTable() {}

    static void add(Process p) {
        STARTED.add(p);
    }

    static void remove(Process p) {
        STARTED.remove(p);
    }

    /** The processes still running; those that ended leave the table (Python's reaping). */
    static List<Process> active() {
        STARTED.removeIf(p -> !p.running());
        return List.copyOf(STARTED);
    }

    /** At exit: terminate the daemonic children, then join every child, as Python's {@code _exit_function}. */
    private static void atExit() {
        for (Process p : active()) {
            if (p.daemon()) {
                p.terminate();
            }
        }
        for (Process p : active()) {
            p.join();
        }
    }
}
