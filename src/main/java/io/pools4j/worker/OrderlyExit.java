package io.pools4j.worker;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a pool's worker JVM does before it ends at its parent's SHUTDOWN, after its last task:
 * the layers above the worker runtime register here (a Queue's feeder writes the items a task
 * put and that still wait for room). A worker that is terminated or killed runs none of it.
 *
 * <p><b>CPython:</b> {@code multiprocessing.util._exit_function}'s finalizers, which a pool worker
 * runs when its loop ends ({@code Queue._finalize_join} among them).
 */
public final class OrderlyExit {

    private static final List<Runnable> STEPS = new CopyOnWriteArrayList<>();

    private OrderlyExit() {}

    /** Adds a step, run in the worker's main thread after SHUTDOWN; it must return once the parent's grace period may end. */
    public static void register(Runnable step) {
        STEPS.add(step);
    }

    /** Runs every step in the order registered; one that throws is reported and the others still run. */
    static void runAll() {
        for (Runnable step : STEPS) {
            try {
                step.run();
            } catch (RuntimeException e) {
                System.err.println("pools4j: a step of the worker's exit failed:");
                e.printStackTrace();
            }
        }
    }
}
