package io.pools4j.futures;

import io.pools4j.worker.WorkerHandle;
import java.util.HashMap;
import java.util.Map;

/**
 * The process pool's view of one worker JVM: the tasks it holds and how it is meant to end.
 *
 * <p><b>CPython:</b> an entry of {@code ProcessPoolExecutor._processes}, with the bookkeeping
 * {@code _ExecutorManagerThread} keeps for it ({@code pending_work_items} of that worker,
 * the {@code max_tasks_per_child} count).
 *
 * <p>Guarded by the {@link ProcessPoolManager}'s lock.
 */
final class WorkerSlot {

    /**
     * How the worker is meant to end. Possible transitions:
     * NONE -> RETIRING -> ENDED (maxTasksPerChild), NONE -> ENDED (shutdown),
     * NONE|RETIRING -> INTERRUPTED | TERMINATED | BROKEN. A death in NONE or RETIRING is
     * unexpected and breaks the pool; in any other state it was asked for.
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

    /** Work a worker should have queued behind its running task: a few round trips' worth. */
    private static final long QUEUED_WORK_NANOS = 2_000_000;
    /** Most tasks a worker holds: bounds what a late cancel() can no longer stop. */
    private static final int MAX_DEPTH = 64;

    final WorkerHandle handle;
    /** Tasks sent and not answered, by id. */
    final Map<Long, ProcessWorkItem<?>> items = new HashMap<>();
    int inFlight;
    int dispatched;
    /** Smoothed time between this worker's answers while it is busy (ns); 0 until measured. */
    private long serviceNanos;
    /** When the current service interval began: the worker turned busy, or its last answer. */
    private long busySince;
    Ending ending = Ending.NONE;

    WorkerSlot(WorkerHandle handle) {
        this.handle = handle;
    }

    /** Whether this worker may be sent another task while it holds fewer than {@code depth}. */
    boolean canTake(int depth, int maxTasksPerChild) {
        return ending == Ending.NONE && inFlight < depth && handle.isAlive()
                && (maxTasksPerChild == 0 || dispatched < maxTasksPerChild);
    }

    /**
     * How many tasks this worker should hold: enough queued work ({@link #QUEUED_WORK_NANOS}) to
     * cover the round trip to its next task, so short tasks flow without gaps, but never fewer than
     * {@code min}; long tasks thus stay at {@code min} and are spread evenly over the workers.
     */
    int depth(int min) {
        if (serviceNanos == 0) {
            return min;
        }
        return (int) Math.max(min, Math.min(MAX_DEPTH, QUEUED_WORK_NANOS / serviceNanos));
    }

    /** Whether its death would be a surprise (and break the pool). */
    boolean isExpectedToLive() {
        return ending == Ending.NONE || ending == Ending.RETIRING;
    }

    void take(ProcessWorkItem<?> item, int maxTasksPerChild) {
        if (inFlight == 0) {
            busySince = System.nanoTime();
        }
        items.put(item.id, item);
        inFlight++;
        dispatched++;
        if (maxTasksPerChild != 0 && dispatched >= maxTasksPerChild) {
            ending = Ending.RETIRING;
        }
    }

    void answered(ProcessWorkItem<?> item) {
        if (items.remove(item.id) != null) {
            inFlight--;
            long now = System.nanoTime();
            long sample = Math.max(1, now - busySince);
            serviceNanos = serviceNanos == 0 ? sample : serviceNanos + (sample - serviceNanos) / 8;
            busySince = now;
        }
    }
}
