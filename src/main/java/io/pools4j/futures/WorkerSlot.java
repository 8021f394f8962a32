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

    final WorkerHandle handle;
    /** Tasks sent and not answered, by id. */
    final Map<Long, ProcessWorkItem<?>> items = new HashMap<>();
    int inFlight;
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

    /** Whether its death would be a surprise (and break the pool). */
    boolean isExpectedToLive() {
        return ending == Ending.NONE || ending == Ending.RETIRING;
    }

    void take(ProcessWorkItem<?> item, int maxTasksPerChild) {
        serviceTime.sent(System.nanoTime(), inFlight);
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
            serviceTime.answered(System.nanoTime());
        }
    }
}
