package io.pools4j.futures;

import io.pools4j.multiprocessing.StartMethod;
import io.pools4j.worker.Forkserver;
import io.pools4j.worker.TaskCallback;
import io.pools4j.worker.WorkerDiedException;
import io.pools4j.worker.WorkerGroup;
import io.pools4j.worker.WorkerHandle;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Gets the worker JVMs of a process pool: SPAWN starts each on a launcher thread of its own;
 * FORKSERVER takes one of the process-wide {@link Forkserver}'s standbys, started ahead of need.
 * Either way each worker is then sent the pool's initializer and watched for its exit.
 *
 * <p><b>CPython:</b> {@code process.py}'s {@code ProcessPoolExecutor._spawn_process} (the launching
 * half of {@code _adjust_process_count}).
 *
 * <p>Every mutable field is guarded by the {@link ProcessPoolManager}'s lock, which the launcher
 * shares, so that the pool's counts of workers stay consistent. Methods marked "under lock" expect
 * the caller to hold it. A JVM is started outside it, since that takes a hundred milliseconds.
 */
final class WorkerLauncher {

    private static final Logger LOG = Logger.getLogger("io.pools4j.futures");

    private final ProcessPoolManager pool;
    private final ProcessPoolManager.Settings settings;
    /** SPAWN's session, which starts the pool's workers; null for FORKSERVER. */
    private final WorkerGroup group;
    /** The pool's task ids; an initializer's id is a negated one, so it never equals a task's. */
    private final AtomicLong ids;
    private final ReentrantLock lock;
    /** The manager's: signalled when a launch ends, since it may be waiting for one. */
    private final Condition wake;

    // Guarded by lock.
    private int workersStarted;

    WorkerLauncher(ProcessPoolManager pool, ProcessPoolManager.Settings settings, WorkerGroup group, AtomicLong ids,
                   ReentrantLock lock, Condition wake) {
        this.pool = pool;
        this.settings = settings;
        this.group = group;
        this.ids = ids;
        this.lock = lock;
        this.wake = wake;
        if (settings.startMethod() == StartMethod.FORKSERVER) {
            Forkserver.reserve(settings.maxWorkers()); // CPython starts its server with the first pool
        }
    }

    /**
     * Under lock: one more worker for the pool. Returns a FORKSERVER standby that is ready (already
     * set up by {@link #adopt}); otherwise null, and the worker arrives later through
     * {@link ProcessPoolManager#launched} (or {@link ProcessPoolManager#launchFailed}).
     */
    WorkerHandle launchForPool() {
        if (settings.startMethod() != StartMethod.FORKSERVER) {
            Thread.ofPlatform().daemon().name(settings.name() + "-launcher").start(this::launch);
            return null;
        }
        CompletableFuture<WorkerHandle> standby = Forkserver.take();
        if (standby.isDone() && !standby.isCompletedExceptionally()) {
            WorkerHandle ready = standby.join();
            adopt(ready);
            workersStarted++;
            return ready;
        }
        // Async: the callback must not run here, under the lock, before the pool counts the launch.
        standby.whenCompleteAsync((handle, failure) -> {
            if (failure != null) {
                launchFailed(failure instanceof Exception e ? e : new IllegalStateException(failure));
            } else {
                landed(handle);
            }
        }, r -> Thread.ofPlatform().daemon().name(settings.name() + "-adopt").start(r));
        return null;
    }

    /** Under lock: whether any worker JVM has been started for this pool. */
    boolean anyWorkerStarted() {
        return workersStarted > 0;
    }

    /** On a launcher thread: starts a worker JVM (SPAWN) and hands it to the pool. */
    private void launch() {
        WorkerHandle handle;
        try {
            handle = group.launch();
        } catch (IOException | RuntimeException e) {
            launchFailed(e);
            return;
        }
        landed(handle);
    }

    /** A worker that was not ready when asked for is: set it up and hand it to the pool. */
    private void landed(WorkerHandle handle) {
        adopt(handle);
        lock.lock();
        try {
            workersStarted++;
            pool.launched(handle);
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Makes a new worker the pool's: its initializer first, and its exit reported to the pool. */
    private void adopt(WorkerHandle handle) {
        if (settings.initializer() != null) {
            // Tasks run in order in a worker, so every task sent later runs after the initializer.
            handle.submit(-ids.incrementAndGet(), settings.initializer(), new InitializerCallback(handle));
        }
        handle.onExit().thenRun(() -> pool.gone(handle));
    }

    private void launchFailed(Exception e) {
        lock.lock();
        try {
            pool.launchFailed();
            wake.signal();
        } finally {
            lock.unlock();
        }
        pool.breakWith(PoolBreakage.startFailed(e));
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
            LOG.log(Level.SEVERE, "Exception in initializer:", error);
            pool.breakWith(PoolBreakage.initializerFailed(handle.pid(), error));
        }

        @Override
        public void onWorkerDeath(WorkerDiedException death) {
            // reported by the pool's gone() as the death of a worker, which breaks the pool
        }
    }
}
