package io.pools4j.worker.pool;

import io.pools4j.worker.WorkerHandle;

/**
 * The pool's view of one worker JVM: how many tasks it holds and how it is meant to end. Which
 * tasks those are is the {@link WorkerHandle}'s table of tasks in flight, the only one.
 *
 * <p><b>CPython:</b> an entry of {@code ProcessPoolExecutor._processes}, with the bookkeeping
 * {@code _ExecutorManagerThread} keeps for it ({@code pending_work_items} of that worker,
 * the {@code max_tasks_per_child} count).
 *
 * <p>Guarded by the pool's lock ({@link PoolState#lock}).
 */
final class WorkerSlot {

    /**
     * How the worker is meant to end. Possible transitions:
     * NONE -> RETIRING -> ENDED (maxTasksPerChild), NONE -> ENDED (shutdown),
     * NONE|RETIRING -> INTERRUPTED | TERMINATED | BROKEN. A death in NONE or RETIRING is
     * unexpected, and the pool's {@link DeathPolicy} answers it; in any other state it was asked for.
     */
    enum Ending {
        /** Takes tasks. */
        NONE,
        /** Ran its share of tasks (maxTasksPerChild): answers what it holds, then is ended. */
        RETIRING,
        /** Sent SHUTDOWN (retired, or the pool shut down). */
        ENDED,
        /** Killed by the stop button while it ran tasks; they fail as interrupted, the pool goes on. */
        INTERRUPTED,
        /** Signalled by terminateWorkers()/killWorkers(). */
        TERMINATED,
        /** Killed because the pool broke. */
        BROKEN
    }

    final WorkerHandle handle;
    /** Tasks given to it and not yet answered: counted from the moment they are chosen, before they are sent. */
    int inFlight;
    /** Tasks given to it in its life, for maxTasksPerChild. */
    int dispatched;
    /** Its time per task, which sets how many tasks it is sent ahead. */
    private final ServiceTime serviceTime = new ServiceTime();
    Ending ending = Ending.NONE;

    WorkerSlot(WorkerHandle handle) {
        this.handle = handle;
    }

    /** Whether this worker may be sent another task while it holds fewer than {@code depth}. */
    boolean canTake(int depth, int maxTasksPerChild) {
        return ending == Ending.NONE && inFlight < depth && handle.isAlive()
                && (maxTasksPerChild == 0 || dispatched < maxTasksPerChild);
    }

    /** How many tasks this worker should hold (see {@link ServiceTime}); at least {@code min}. */
    int depth(int min) {
        return serviceTime.depth(min);
    }

    /** Whether its death would be a surprise (which the pool's {@link DeathPolicy} answers). */
    boolean isExpectedToLive() {
        return ending == Ending.NONE || ending == Ending.RETIRING;
    }

    /** It is given one more task. */
    void take(int maxTasksPerChild) {
        serviceTime.sent(System.nanoTime(), inFlight);
        inFlight++;
        dispatched++;
        if (maxTasksPerChild != 0 && dispatched >= maxTasksPerChild) {
            ending = Ending.RETIRING;
        }
    }

    /** One of its tasks was answered: called once per task given, by its worker's callback. */
    void answered() {
        inFlight--;
        serviceTime.answered(System.nanoTime());
    }
}
