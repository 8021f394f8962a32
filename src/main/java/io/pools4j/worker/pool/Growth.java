package io.pools4j.worker.pool;

import io.pools4j.worker.TaskCallback;
import io.pools4j.worker.WorkerDiedException;
import io.pools4j.worker.WorkerHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.logging.Level;

/**
 * The pool's growth and retirement actor: asks its {@link WorkerSource} for a worker for each
 * task no worker can take (up to maxWorkers), makes each new worker the pool's (its initializer
 * first, its exit watched), ends workers past maxTasksPerChild, and answers a worker's unasked
 * death with the pool's {@link DeathPolicy}: break the pool, or start a worker in its place.
 *
 * <p><b>CPython:</b> {@code process.py}'s {@code _adjust_process_count} and {@code _spawn_process},
 * the {@code max_tasks_per_child} exit, and {@code multiprocessing.pool.Pool._maintain_pool}.
 *
 * <p>Its state is the pool's ({@link PoolState}) and {@link #workersStarted}, all guarded by the
 * pool's lock; methods marked "under lock" expect the caller to hold it. A worker that is not
 * ready at once joins on an adopter thread of its own, which takes the lock.
 */
final class Growth {

    private final PoolState state;
    private final WorkerSource source;
    private final Stopper stopper;
    /** Where a worker that was not ready at once joins the pool: a thread of its own, outside the caller's lock. */
    private final Executor adopter;

    /** Guarded by state.lock: workers that joined the pool in its life. */
    private int workersStarted;

    Growth(PoolState state, WorkerSource source, Stopper stopper) {
        this.state = state;
        this.source = source;
        this.stopper = stopper;
        String name = state.settings.name();
        this.adopter = r -> Thread.ofPlatform().daemon().name(name + "-adopt").start(r);
    }

    /**
     * Under lock. CPython's _adjust_process_count: one new worker per waiting task, up to
     * maxWorkers. Returns whether a worker joined at once (a FORKSERVER standby that was ready).
     */
    boolean launchAsNeeded() {
        boolean grew = false;
        if (state.broken == null && !state.pending.isEmpty()) {
            int wanted = Math.min(state.pending.size() - state.launching,
                    state.settings.maxWorkers() - state.countActive() - state.launching);
            for (int i = 0; i < wanted; i++) {
                grew |= launchOne();
            }
        }
        return grew;
    }

    /** Under lock: whether any worker JVM has joined this pool. */
    boolean anyWorkerStarted() {
        return workersStarted > 0;
    }

    /** Under lock: workers past maxTasksPerChild that have answered everything get SHUTDOWN. */
    void endRetiredWorkers() {
        for (WorkerSlot s : state.slots) {
            if (s.ending == WorkerSlot.Ending.RETIRING && s.inFlight == 0) {
                s.ending = WorkerSlot.Ending.ENDED;
                Thread.ofVirtual().name(state.settings.name() + "-retire").start(() -> s.handle.shutdown(Stopper.GRACE));
            }
        }
    }

    /** Under lock: one more worker; returns whether it joined at once. */
    private boolean launchOne() {
        CompletableFuture<WorkerHandle> next = source.next();
        if (next.isDone() && !next.isCompletedExceptionally()) {
            join(next.join());
            return true;
        }
        state.launching++;
        // Async: the callback must not run here, under the lock, before the pool counts the launch.
        next.whenCompleteAsync((handle, failure) -> {
            if (failure != null) {
                launchFailed(failure);
            } else {
                landed(handle);
            }
        }, adopter);
        return false;
    }

    /** On the adopter thread: a worker that was not ready when asked for is. */
    private void landed(WorkerHandle handle) {
        state.lock.lock();
        try {
            state.launching--;
            join(handle);
            state.wake.signal();
        } finally {
            state.lock.unlock();
        }
    }

    /**
     * Under lock: the worker joins the pool; its initializer is sent before the manager thread,
     * which needs the lock, can send it any task. Its exit is reported once it is a slot.
     */
    private void join(WorkerHandle handle) {
        state.slots.add(new WorkerSlot(handle));
        workersStarted++;
        // Async: a worker already gone would otherwise be reported here, under the lock.
        handle.onExit().thenRunAsync(() -> workerGone(handle), adopter);
        state.settings.initializer().ifPresent(init -> {
            try {
                // Tasks run in order in a worker, so every task sent later runs after the initializer.
                handle.submit(-state.ids.incrementAndGet(), init, new InitializerCallback(handle));
            } catch (IllegalStateException e) {
                // It died as it joined: its exit, reported above, is answered by the death policy.
            }
        });
    }

    private void launchFailed(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        state.lock.lock();
        try {
            state.launching--;
            state.wake.signal();
        } finally {
            state.lock.unlock();
        }
        stopper.breakWith(new Breakage.StartFailed(cause instanceof Exception e ? e : new IllegalStateException(cause)));
    }

    /** A worker is gone and every task it held has been answered: the death policy, if nobody asked for it. */
    private void workerGone(WorkerHandle handle) {
        boolean breaks = false;
        state.lock.lock();
        try {
            WorkerSlot slot = state.removeSlot(handle);
            if (slot != null && slot.isExpectedToLive() && !state.terminated.isDone()) {
                if (state.settings.deathPolicy() == DeathPolicy.BREAK_POOL) {
                    breaks = true; // CPython: a dead worker, even an idle one, breaks the pool
                } else if (!state.shutdown && state.broken == null) {
                    launchOne(); // Pool._maintain_pool: as many workers as before
                }
            }
            state.wake.signal();
        } finally {
            state.lock.unlock();
        }
        if (breaks) {
            stopper.breakWith(new Breakage.WorkerDied(handle.death()));
        }
    }

    /**
     * The answer to a worker's initializer, its first task: a failure breaks the pool.
     *
     * <p><b>CPython:</b> {@code process.py}'s {@code _process_worker}, which logs "Exception in
     * initializer:" and exits, so that the pool breaks.
     */
    private final class InitializerCallback implements TaskCallback {
        private final WorkerHandle handle;

        InitializerCallback(WorkerHandle handle) {
            this.handle = handle;
        }

        @Override
        public void onResult(Object value) {
            // initialized: nothing to record, the worker's next tasks are already behind it
        }

        @Override
        public void onException(Throwable error) {
            state.settings.log().log(Level.SEVERE, "Exception in initializer:", error);
            stopper.breakWith(new Breakage.InitializerFailed(handle.pid(), error));
        }

        @Override
        public void onWorkerDeath(WorkerDiedException death) {
            // reported by workerGone() as the death of a worker, which the death policy answers
        }
    }
}
