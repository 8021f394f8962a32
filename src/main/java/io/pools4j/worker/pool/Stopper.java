package io.pools4j.worker.pool;

import io.pools4j.worker.WorkerHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The pool's ending actor: shutdown, the stop button, {@code terminateWorkers()}/{@code killWorkers()},
 * breaking the pool, and at the manager thread's end, the workers' shutdown.
 *
 * <p><b>CPython:</b> {@code ProcessPoolExecutor.shutdown}, {@code _terminate_or_kill_workers}
 * (3.14), and {@code _ExecutorManagerThread.terminate_broken} / {@code join_executor_internals}.
 *
 * <p>Its only state is the pool's ({@link PoolState}, under its lock). Workers are signalled and
 * tasks completed after the lock is released. A task that a worker holds is never completed
 * here: killing the worker makes the worker's table of tasks in flight answer it, once.
 */
final class Stopper {

    /** Time a worker gets to finish after SHUTDOWN, then again after SIGTERM, before SIGKILL. */
    static final Duration GRACE = Duration.ofSeconds(2);

    private final PoolState state;
    private final WorkerSource source;

    Stopper(PoolState state, WorkerSource source) {
        this.state = state;
        this.source = source;
    }

    /**
     * Stops taking work; if asked, cancels the queued tasks first, and asks every worker to drop
     * the tasks sent to it that it has not started (they are cancelled as its answers come, without
     * waiting here). Returns the pool's end.
     */
    CompletableFuture<Void> shutdown(PoolEngine.Queued queued) {
        List<WorkItem<?>> toCancel = new ArrayList<>();
        List<WorkerHandle> workers = new ArrayList<>();
        state.lock.lock();
        try {
            state.shutdown = true;
            if (queued == PoolEngine.Queued.CANCEL) {
                toCancel.addAll(state.pending);
                state.pending.clear();
                state.droppingUnstarted = true;
                state.slots.forEach(s -> workers.add(s.handle));
            }
            state.wake.signal();
        } finally {
            state.lock.unlock();
        }
        toCancel.forEach(WorkItem::cancelQueued);
        workers.forEach(WorkerHandle::cancelUnstarted);
        return state.terminated;
    }

    /** Python 3.14's terminate_workers/kill_workers after its shutdown: signals every live worker. */
    void signalWorkers(PoolEngine.Signal signal) {
        List<WorkerHandle> targets = new ArrayList<>();
        state.lock.lock();
        try {
            for (WorkerSlot s : state.slots) {
                if (s.ending != WorkerSlot.Ending.ENDED) {
                    s.ending = WorkerSlot.Ending.TERMINATED;
                    targets.add(s.handle);
                }
            }
        } finally {
            state.lock.unlock();
        }
        for (WorkerHandle h : targets) {
            if (signal == PoolEngine.Signal.KILL) {
                h.kill();
            } else {
                h.terminate();
            }
        }
    }

    /** The stop button: cancel what is queued, kill the workers running tasks, carry on. */
    int interruptFromUser() {
        List<WorkItem<?>> toCancel;
        List<WorkerHandle> toKill = new ArrayList<>();
        int stopped = 0;
        state.lock.lock();
        try {
            toCancel = new ArrayList<>(state.pending);
            state.pending.clear();
            for (WorkerSlot s : state.slots) {
                if (s.inFlight > 0 && s.isExpectedToLive()) {
                    s.ending = WorkerSlot.Ending.INTERRUPTED;
                    toKill.add(s.handle);
                    stopped += s.inFlight;
                }
            }
            state.wake.signal();
        } finally {
            state.lock.unlock();
        }
        for (WorkItem<?> item : toCancel) {
            if (item.cancelQueued()) {
                stopped++;
            }
        }
        // A running task cannot be stopped inside its JVM without its cooperation; ending the JVM can.
        toKill.forEach(WorkerHandle::kill);
        return stopped;
    }

    /**
     * CPython's terminate_broken: the pool is unusable; every queued task fails now, every worker
     * is killed (so that the tasks they hold fail through their deaths), and submit throws.
     * Returns the reason that stands (the first one).
     */
    Breakage breakWith(Breakage reason) {
        List<WorkItem<?>> queued;
        List<WorkerHandle> toKill = new ArrayList<>();
        state.lock.lock();
        try {
            if (state.broken != null) {
                return state.broken;
            }
            state.broken = reason;
            queued = new ArrayList<>(state.pending);
            state.pending.clear();
            for (WorkerSlot s : state.slots) {
                if (s.isExpectedToLive()) {
                    s.ending = WorkerSlot.Ending.BROKEN;
                }
                toKill.add(s.handle);
            }
            state.wake.signal();
        } finally {
            state.lock.unlock();
        }
        queued.forEach(item -> item.failQueued(state.settings.errors().broken(reason)));
        toKill.forEach(WorkerHandle::kill);
        return reason;
    }

    /** At the manager thread's end: SHUTDOWN to every worker left, through the source that gave them. */
    void closeWorkers() {
        List<WorkerHandle> left = new ArrayList<>();
        state.lock.lock();
        try {
            for (WorkerSlot s : state.slots) {
                if (s.isExpectedToLive()) {
                    s.ending = WorkerSlot.Ending.ENDED;
                }
                left.add(s.handle);
            }
        } finally {
            state.lock.unlock();
        }
        try {
            source.close(left, GRACE);
        } finally {
            state.terminated.complete(null);
        }
    }
}
