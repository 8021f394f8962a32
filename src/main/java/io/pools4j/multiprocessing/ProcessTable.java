package io.pools4j.multiprocessing;

import io.pools4j.worker.Forkserver;
import io.pools4j.worker.WorkerGroup;
import io.pools4j.worker.WorkerHandle;
import io.pools4j.worker.WorkerOptions;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link Process}es this JVM started and has not yet seen end, where their child JVMs come
 * from, and what happens to them when this JVM exits: daemonic children are terminated, the others
 * are joined, as Python does, before the worker runtime's reaper kills whatever is left.
 *
 * <p><b>CPython:</b> {@code multiprocessing.process._children} with {@code _cleanup()}, and
 * {@code multiprocessing.util._exit_function}.
 *
 * <p>Thread-safe: the table is a concurrent set; {@link #spawnGroup} is guarded by the class.
 */
final class ProcessTable {

    private static final Set<Process> STARTED = ConcurrentHashMap.newKeySet();
    /** The session of every SPAWN process's JVM, opened on first use, lives as long as this JVM. */
    private static WorkerGroup spawnGroup;

    static {
        WorkerGroup.beforeReaping(ProcessTable::atExit);
    }

    private ProcessTable() {}

    /** A connected child JVM for a process started with {@code method}. */
    static WorkerHandle launch(StartMethod method) throws IOException {
        if (method == StartMethod.FORKSERVER) {
            Forkserver.reserve(1); // a standby kept ready for the next process, as a pool keeps its own number
            try {
                return Forkserver.take().join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            }
        }
        return spawnGroup().launch();
    }

    private static synchronized WorkerGroup spawnGroup() throws IOException {
        if (spawnGroup == null) {
            spawnGroup = WorkerGroup.open(WorkerOptions.defaults().withNamePrefix("pools4j-process"));
        }
        return spawnGroup;
    }

    static void add(Process p) {
        STARTED.add(p);
    }

    static void remove(Process p) {
        STARTED.remove(p);
    }

    /** The processes still running; those that ended leave the table (Python's reaping). */
    static List<Process> active() {
        STARTED.removeIf(p -> !p.isAlive());
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
