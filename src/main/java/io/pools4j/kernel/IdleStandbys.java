package io.pools4j.kernel;

import io.pools4j.worker.Forkserver;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the fork server's standby worker JVMs in the background once the kernel has been idle
 * for a moment after start-up, so that the first process pool of a notebook (FORKSERVER, the
 * default) gets workers that are already running instead of waiting for JVMs to start while the
 * learner watches the cell.
 *
 * <p><b>Python:</b> {@code multiprocessing.set_forkserver_preload}, whose server CPython starts
 * with the first pool; here it starts while the learner reads, which Python does not do.
 *
 * <p>Only when idle: a cell that runs first keeps both cores to itself, and the standbys start
 * once it has ended and no other cell has started for {@link #IDLE}. A FORKSERVER pool takes them;
 * those no pool takes are retired after the kernel's {@code POOLS4J_STANDBY_IDLE} (10 minutes
 * unless set; {@link Forkserver#setIdleTimeout}), and the next pool starts new ones. The
 * replacement of a standby a pool took waits for idleness too ({@link Forkserver#setRefillGate}):
 * a JVM starting in the background while a cell times its work would take a core from that work,
 * and a Run All of the course would time JVM starts instead of the lesson.
 */
final class IdleStandbys {

    private static final Logger LOG = Logger.getLogger(IdleStandbys.class.getName());
    /** How long the kernel must have been idle: about the time a learner takes to read a cell. */
    static final Duration IDLE = Duration.ofSeconds(2);

    private final int count;
    private final Duration retireAfter;
    /** Guarded by this: whether a cell runs now, and when the last one ended (System.nanoTime). */
    private boolean cellRunning;
    private long idleSince = System.nanoTime();
    /** Guarded by this: what waits for the kernel to be idle, in order (standby starts). */
    private final Deque<Runnable> whenIdle = new ArrayDeque<>();

    /**
     * @param count       how many standbys to start; 0 starts none
     * @param retireAfter how long standbys no pool takes are kept; zero for the kernel's life
     */
    IdleStandbys(int count, Duration retireAfter) {
        this.count = count;
        this.retireAfter = retireAfter;
    }

    /**
     * Sets the standbys' idle timeout, routes their replacements through idleness, and starts the
     * watching thread, which runs what waits for idleness once the kernel is idle.
     */
    void start() {
        Forkserver.setIdleTimeout(retireAfter); // for the standbys of every FORKSERVER pool, started here or not
        Forkserver.setRefillGate(this::runWhenIdle);
        if (count > 0) {
            runWhenIdle(() -> Forkserver.reserve(count));
        }
        startWatching();
    }

    /** Starts the thread that runs what waits for idleness; {@link #start} calls it. */
    void startWatching() {
        Thread.ofPlatform().daemon().name("pools4j-idle-standbys").priority(Thread.MIN_PRIORITY).start(this::run);
    }

    /** Runs {@code job} on the watching thread once no cell has run for {@link #IDLE}. */
    synchronized void runWhenIdle(Runnable job) {
        whenIdle.add(job);
        notifyAll();
    }

    synchronized void cellStarted() {
        cellRunning = true;
    }

    synchronized void cellEnded() {
        cellRunning = false;
        idleSince = System.nanoTime();
        notifyAll();
    }

    private void run() {
        try {
            while (true) {
                Runnable job = nextJobWhenIdle();
                try {
                    job.run();
                } catch (RuntimeException e) {
                    // No standby is no harm: the next pool starts its workers itself.
                    LOG.log(Level.FINE, "could not start the fork server's standbys in the background", e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until a job waits and no cell has run for {@link #IDLE}; then takes the job. */
    private synchronized Runnable nextJobWhenIdle() throws InterruptedException {
        while (true) {
            long idleFor = System.nanoTime() - idleSince;
            if (!whenIdle.isEmpty() && !cellRunning && idleFor >= IDLE.toNanos()) {
                return whenIdle.poll();
            }
            long waitMillis = whenIdle.isEmpty() || cellRunning ? 0 : Math.max(1, (IDLE.toNanos() - idleFor) / 1_000_000);
            wait(waitMillis);
        }
    }
}
