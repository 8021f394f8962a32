package io.pools4j.multiprocessing;

import io.pools4j.fn.Fn0;
import java.util.ArrayList;
import java.util.List;

/**
 * The task a {@link Process} sends to its child JVM: it names the JVM after the process, calls
 * {@link Process#run()} on the copy of the process that arrived, and ends the JVM with the exit
 * code: 0 after a normal return, 1 after an uncaught exception, whose stack trace it prints on
 * stderr under {@code Process <name>:} (the parent's System.err, where the worker runtime forwards
 * it). A {@code System.exit(n)} in {@code run()} ends the JVM with {@code n} on the way.
 *
 * <p><b>Python:</b> {@code multiprocessing.process.BaseProcess._bootstrap}: set up
 * {@code current_process()} (with the parent's authkey), {@code run()}, print the traceback,
 * wait for non-daemon threads, join the queues' feeder threads, flush, {@code os._exit(exitcode)}.
 */
final class ProcessBootstrap implements Fn0<Void> {

    private static final long serialVersionUID = 1L;

    /** The worker runtime's property that {@code Multiprocessing.currentProcess()} reads for the name. */
    static final String NAME_PROPERTY = "pools4j.worker";
    /** Set in a Process's child JVM to its daemon flag; pool workers, which lack it, are daemons. */
    static final String DAEMON_PROPERTY = "pools4j.worker.daemon";

    private final Process process;
    /** The process's authkey: it travels here, not in the process, so that only spawning sends it (as in Python). */
    private final byte[] authkey;

    ProcessBootstrap(Process process, byte[] authkey) {
        this.process = process;
        this.authkey = authkey;
    }

    @Override
    public Void call() {
        System.setProperty(NAME_PROPERTY, process.name());
        System.setProperty(DAEMON_PROPERTY, Boolean.toString(process.daemon()));
        AuthKeys.set(authkey);
        process.markCurrent(authkey);
        int code = 0;
        try {
            process.run();
        } catch (Throwable t) {
            System.err.println("Process " + process.name() + ":");
            t.printStackTrace();
            code = 1;
        }
        awaitNonDaemonThreads();
        QueueFeeder.flushAllAtExit(); // items this child put and still buffers reach the ring before it ends, as in Python
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().exit(code);
        return null;
    }

    /** As Python's child does before it exits: threads that {@code run()} started and did not mark daemon finish first. */
    private static void awaitNonDaemonThreads() {
        List<Thread> others = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!t.isDaemon() && t != Thread.currentThread() && t.isAlive()) {
                others.add(t);
            }
        }
        for (Thread t : others) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
