package io.pools4j.worker.pool;

import io.pools4j.worker.TaskCallback;
import io.pools4j.worker.WorkerDiedException;
import io.pools4j.worker.WorkerHandle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

/**
 * The pool's manager thread, its queue-and-dispatch actor: moves queued tasks to workers in
 * batches, asks {@link Growth} for workers, and turns each worker's answers into the task's
 * completion. See the walk-through in {@code io.pools4j.futures.ProcessPoolExecutor}.
 *
 * <p><b>CPython:</b> {@code process.py}'s {@code _ExecutorManagerThread} (its
 * {@code add_call_item_to_queue} and {@code process_result_item}).
 *
 * <p>Its state is the pool's ({@link PoolState}, under its lock); tasks are sent and completed
 * outside the lock.
 */
final class Dispatcher {

    /** Most tasks moved to workers per round of the manager: bounds the time the lock is held. */
    private static final int MAX_BATCH = 256;

    private final PoolState state;
    private final Growth growth;
    private final Stopper stopper;

    Dispatcher(PoolState state, Growth growth, Stopper stopper) {
        this.state = state;
        this.growth = growth;
        this.stopper = stopper;
    }

    /** A task given to a worker: the callback its worker answers through, exactly once. */
    private final class Dispatch implements TaskCallback {
        final WorkerSlot slot;
        final WorkItem<?> item;

        Dispatch(WorkerSlot slot, WorkItem<?> item) {
            this.slot = slot;
            this.item = item;
        }

        @Override
        public void onResult(Object value) {
            // Counted idle before the task completes: a caller woken by result() that submits at
            // once must find this worker idle, not start another (CPython's test_idle_process_reuse).
            Breakage broken = answeredUnlessBroken(this);
            if (broken != null) {
                item.fail(state.settings.errors().broken(broken));
            } else {
                item.succeed(value);
            }
        }

        @Override
        public void onException(Throwable error) {
            Breakage broken = answeredUnlessBroken(this);
            item.fail(broken != null ? state.settings.errors().broken(broken) : error);
        }

        @Override
        public void onWorkerDeath(WorkerDiedException death) {
            item.fail(deathError(answered(this), death));
        }

        @Override
        public void onStart() {
            item.start("pid " + slot.handle.pid());
        }

        @Override
        public void onDropped() {
            answered(this);
            item.drop();
        }

        /**
         * A task sent ahead that never started: under {@link DeathPolicy#REPLACE_WORKER}, after a
         * death nobody asked for, it goes back to the front of the queue for another worker;
         * otherwise it fails as the started ones do.
         */
        @Override
        public void onWorkerDeathBeforeStart(WorkerDiedException death) {
            WorkerSlot.Ending ending;
            state.lock.lock();
            try {
                ending = answered(this);
                boolean unasked = ending == WorkerSlot.Ending.NONE || ending == WorkerSlot.Ending.RETIRING;
                if (unasked && state.settings.deathPolicy() == DeathPolicy.REPLACE_WORKER && state.broken == null) {
                    item.queueAgain();
                    state.pending.addFirst(item); // the handle reports them last sent first: order kept
                    state.wake.signal();
                    return;
                }
            } finally {
                state.lock.unlock();
            }
            item.fail(deathError(ending, death));
        }
    }

    /**
     * Cancels a task sent to a worker ahead of its start (its completion's {@link SentTask}): asks
     * its worker, or, if the task is back in the queue after its worker died, takes it out there.
     */
    private boolean cancelSent(WorkItem<?> item) {
        while (true) {
            WorkerHandle worker;
            state.lock.lock();
            try {
                if (item.queuedAgain()) {
                    // Out of the queue already: a shutdown or the stop button has it and settles it.
                    if (!state.pending.removeFirstOccurrence(item)) {
                        return false;
                    }
                    worker = null;
                } else {
                    // Chosen for a worker, maybe not yet in its handle, which would take it for answered.
                    while (!item.handedOver()) {
                        state.handedOver.awaitUninterruptibly();
                    }
                    worker = item.sentTo();
                }
            } finally {
                state.lock.unlock();
            }
            if (worker == null) {
                item.drop();
                return true;
            }
            if (WorkerHandle.isReaderThread()) {
                return false; // a done-callback: waiting here could wait for this very thread
            }
            switch (worker.cancel(item.id()).join()) {
                case DROPPED -> {
                    return true;
                }
                case STARTED -> {
                    return false;
                }
                case WORKER_DIED -> {
                    // Failed with its worker, or queued again (and maybe sent again): look again.
                    state.lock.lock();
                    try {
                        if (item.sentTo() == worker && !item.queuedAgain()) {
                            return false;
                        }
                    } finally {
                        state.lock.unlock();
                    }
                }
            }
        }
    }

    void start() {
        Thread.ofPlatform().daemon().name(state.settings.name() + "-manager").start(this::run);
    }

    private void run() {
        try {
            while (true) {
                List<Dispatch> batch;
                state.lock.lock();
                try {
                    while ((batch = nextDispatches()).isEmpty()) {
                        if (state.finished()) {
                            return;
                        }
                        boolean grew = growth.launchAsNeeded();
                        growth.endRetiredWorkers();
                        if (!grew) {
                            state.wake.awaitUninterruptibly(); // else a ready standby joined: dispatch to it now
                        }
                    }
                } finally {
                    state.lock.unlock();
                }
                send(batch);
            }
        } catch (RuntimeException | Error e) {
            state.settings.log().log(Level.SEVERE, state.settings.name() + " manager failed; the pool is broken", e);
            stopper.breakWith(new Breakage.ManagerFailed(e));
        } finally {
            stopper.closeWorkers();
        }
    }

    /**
     * Under lock: the tasks that can go out now, each with the worker to run it, in queue order
     * (at most {@link #MAX_BATCH}): the least-loaded worker under its depth takes the next task. A
     * worker gets a second task while it runs one only once the pool has all its workers: before
     * that, waiting for a new worker runs the task sooner than queueing it behind a task of unknown length.
     */
    private List<Dispatch> nextDispatches() {
        List<Dispatch> batch = new ArrayList<>();
        if (state.broken != null) {
            return batch;
        }
        PoolSettings settings = state.settings;
        boolean grown = state.launching == 0 && state.countActive() >= settings.maxWorkers();
        while (!state.pending.isEmpty() && batch.size() < MAX_BATCH) {
            WorkerSlot best = null;
            for (WorkerSlot s : state.slots) {
                if (s.canTake(grown ? s.depth(settings.prefetch()) : 1, settings.maxTasksPerChild())
                        && (best == null || s.inFlight < best.inFlight)) {
                    best = s;
                }
            }
            if (best == null) {
                break;
            }
            WorkItem<?> item = state.pending.poll();
            // Cancelled ones are dropped here. The task stays pending until its worker starts it
            // (CPython's call queue marks it RUNNING here, so that cancel() cannot stop it); a
            // task queued again after its worker died is in that state already.
            if (!item.queuedAgain() && !item.completion().setSentOrNotifyCancel(() -> cancelSent(item))) {
                item.dropCancelled();
                continue;
            }
            item.sendTo(best.handle);
            best.take(settings.maxTasksPerChild());
            batch.add(new Dispatch(best, item));
        }
        return batch;
    }

    /** Sends a batch: one write per worker for all the tasks it takes; then a cancel may ask for them. */
    private void send(List<Dispatch> batch) {
        try {
            sendToWorkers(batch);
        } finally {
            state.lock.lock();
            try {
                batch.forEach(d -> d.item.handOver());
                state.handedOver.signalAll();
            } finally {
                state.lock.unlock();
            }
        }
    }

    private void sendToWorkers(List<Dispatch> batch) {
        Map<WorkerSlot, List<WorkerHandle.Outgoing>> byWorker = new LinkedHashMap<>();
        for (Dispatch d : batch) {
            byWorker.computeIfAbsent(d.slot, s -> new ArrayList<>())
                    .add(new WorkerHandle.Outgoing(d.item.id(), d.item.fn(), d));
        }
        for (Map.Entry<WorkerSlot, List<WorkerHandle.Outgoing>> e : byWorker.entrySet()) {
            WorkerHandle handle = e.getKey().handle;
            try {
                handle.submitAll(e.getValue());
                if (state.droppingUnstarted) {
                    handle.cancelUnstarted(); // sent while shutdown(CANCEL) asked the workers: see PoolState
                }
            } catch (RuntimeException failure) {
                // Not sent, so not in the worker's table: answered here. The worker died between
                // the choice and the send, or is being shut down.
                WorkerDiedException death = handle.death();
                for (WorkerHandle.Outgoing o : e.getValue()) {
                    Dispatch d = (Dispatch) o.callback();
                    if (death != null) {
                        d.onWorkerDeathBeforeStart(death);
                    } else {
                        d.onException(failure);
                    }
                }
            }
        }
    }

    /** A worker answered a task: one less in flight; returns how the worker is meant to end. */
    private WorkerSlot.Ending answered(Dispatch d) {
        state.lock.lock();
        try {
            d.slot.answered();
            state.wake.signal();
            return d.slot.ending;
        } finally {
            state.lock.unlock();
        }
    }

    /**
     * A worker answered a task: one less in flight. Returns why the pool broke if it gave this
     * worker up before the answer came, else null. Such an answer does not count (CPython's
     * terminate_broken fails every work item left): a task sent behind an initializer that failed
     * ran in a worker that was never initialized, where CPython's worker exits before running it.
     */
    private Breakage answeredUnlessBroken(Dispatch d) {
        state.lock.lock();
        try {
            return answered(d) == WorkerSlot.Ending.BROKEN ? state.broken : null;
        } finally {
            state.lock.unlock();
        }
    }

    /** What a task fails with when its worker died while it held it. */
    private Throwable deathError(WorkerSlot.Ending ending, WorkerDiedException death) {
        PoolErrors errors = state.settings.errors();
        return switch (ending) {
            case INTERRUPTED -> errors.interrupted(death);
            case TERMINATED -> errors.terminated(death);
            case BROKEN -> errors.broken(stopper.breakWith(new Breakage.WorkerDied(death))); // the reason that stands
            case NONE, RETIRING, ENDED -> state.settings.deathPolicy() == DeathPolicy.REPLACE_WORKER
                    ? errors.lost(death)
                    : errors.broken(stopper.breakWith(new Breakage.WorkerDied(death)));
        };
    }
}
