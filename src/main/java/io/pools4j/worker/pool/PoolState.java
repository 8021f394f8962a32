package io.pools4j.worker.pool;

import io.pools4j.worker.WorkerHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the actors of one pool share: the queue, the workers, the counts, and the one lock that
 * guards them. The actors ({@link Dispatcher}, {@link Growth}, {@link Stopper}) each take the lock
 * for their own steps; none holds it while it completes a task, starts a JVM or waits for one,
 * since a task's done-callback may call back into the pool.
 *
 * <p><b>CPython:</b> the fields of {@code ProcessPoolExecutor} that its
 * {@code _ExecutorManagerThread} reads ({@code _pending_work_items}, {@code _processes},
 * {@code _shutdown_thread}, {@code _broken}), which CPython guards with {@code _shutdown_lock}.
 */
final class PoolState {

    final PoolSettings settings;
    final ReentrantLock lock = new ReentrantLock();
    /** Signalled whenever the manager thread may have something to do. */
    final Condition wake = lock.newCondition();
    /** Signalled when the manager has handed a batch of tasks to their workers' handles (see WorkItem.handedOver). */
    final Condition handedOver = lock.newCondition();
    /** Completes once the manager thread has ended every worker. */
    final CompletableFuture<Void> terminated = new CompletableFuture<>();
    /** Task ids; an initializer's is a negated one, so that it never equals a task's. */
    final AtomicLong ids = new AtomicLong();

    /** Guarded by lock: tasks submitted and not yet given to a worker, in order. */
    final Deque<WorkItem<?>> pending = new ArrayDeque<>();
    /** Guarded by lock: the workers, joined and not yet gone. */
    final List<WorkerSlot> slots = new ArrayList<>();
    /** Guarded by lock: workers asked of the source that have not joined yet (each will become a slot). */
    int launching;
    /** Guarded by lock: no new tasks are taken. */
    boolean shutdown;
    /**
     * Set once by shutdown(CANCEL), before it asks the workers to drop what they have not started;
     * read by the manager after each send, so that a batch in transit at that moment is dropped too.
     */
    volatile boolean droppingUnstarted;
    /** Guarded by lock: why the pool broke, the first reason; null while it works. */
    Breakage broken;

    PoolState(PoolSettings settings) {
        this.settings = settings;
    }

    /** Under lock: workers that take tasks (not retiring, not being ended). */
    int countActive() {
        int active = 0;
        for (WorkerSlot s : slots) {
            if (s.ending == WorkerSlot.Ending.NONE) {
                active++;
            }
        }
        return active;
    }

    /** Under lock: whether the manager is done: broken, or shut down with nothing left; and no launch under way. */
    boolean finished() {
        boolean drained = broken != null
                || (shutdown && pending.isEmpty() && slots.stream().allMatch(s -> s.inFlight == 0));
        return drained && launching == 0;
    }

    /** Under lock: removes and returns the slot of {@code handle}, or null when it has none (any more). */
    WorkerSlot removeSlot(WorkerHandle handle) {
        for (int i = 0; i < slots.size(); i++) {
            if (slots.get(i).handle == handle) {
                return slots.remove(i);
            }
        }
        return null;
    }
}
