package io.pools4j.futures;

import io.pools4j.worker.TaskCallback;
import io.pools4j.worker.WorkerDiedException;
import io.pools4j.worker.WorkerGroup;
import io.pools4j.worker.WorkerHandle;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the worker JVMs of a process pool, each on a launcher thread of its own, sends each its
 * initializer, and for {@link StartMethod#FORKSERVER} keeps one more worker launched and connected
 * ahead of need (the standby), handed to the pool at its next request.
 *
 * <p><b>CPython:</b> {@code process.py}'s {@code ProcessPoolExecutor._spawn_process} (the launching
 * half of {@code _adjust_process_count}); the standby does what {@code multiprocessing.forkserver}'s
 * server is for: a new worker ready in milliseconds.
 *
 * <p>Every mutable field, and {@link Launch#forPool}, is guarded by the {@link ProcessPoolManager}'s
 * lock, which the launcher shares: one lock keeps the standby and the pool's counts of workers
 * consistent. Methods marked "under lock" expect the caller to hold it. A JVM is started outside
 * it, since that takes hundreds of milliseconds.
 */
final class WorkerLauncher {

    private static final Logger LOG = Logger.getLogger("io.pools4j.futures");

    private final ProcessPoolManager pool;
    private final ProcessPoolManager.Settings settings;
    private final WorkerGroup group;
    /** The pool's task ids; an initializer's id is a negated one, so it never equals a task's. */
    private final AtomicLong ids;
    private final ReentrantLock lock;
    /** The manager's: signalled when a launch ends, since it may be waiting for one. */
    private final Condition wake;

    // Guarded by lock.
    /** FORKSERVER: the launch of the next standby, while it is under way, or null. */
    private Launch standbyLaunch;
    /** FORKSERVER: a connected worker that has not been given any task, or null. */
    private WorkerHandle standby;
    private int workersStarted;

    /** One launch under way; {@code forPool} once the pool waits for it, false while it is the standby. */
    private static final class Launch {
        boolean forPool;
    }

    WorkerLauncher(ProcessPoolManager pool, ProcessPoolManager.Settings settings, WorkerGroup group, AtomicLong ids,
                   ReentrantLock lock, Condition wake) {
        this.pool = pool;
        this.settings = settings;
        this.group = group;
        this.ids = ids;
        this.lock = lock;
        this.wake = wake;
    }

    /**
     * Under lock: one more worker for the pool. Returns the standby if one is ready; otherwise null,
     * and the worker arrives later through {@link ProcessPoolManager#launched} (or
     * {@link ProcessPoolManager#launchFailed}).
     */
    WorkerHandle launchForPool() {
        if (standby != null) {
            WorkerHandle ready = standby;
            standby = null;
            return ready;
        }
        if (standbyLaunch != null) {
            standbyLaunch.forPool = true; // the standby under way is the pool's now; another starts when it lands
            standbyLaunch = null;
            return null;
        }
        Launch launch = new Launch();
        launch.forPool = true;
        start(launch);
        return null;
    }

    /** Under lock: FORKSERVER starts a new standby when there is none, ready or under way. */
    void keepStandby() {
        if (settings.startMethod() == StartMethod.FORKSERVER && standby == null && standbyLaunch == null) {
            standbyLaunch = new Launch();
            start(standbyLaunch);
        }
    }

    /** Under lock: whether a standby is being launched (the manager waits for it before it ends). */
    boolean standbyUnderWay() {
        return standbyLaunch != null;
    }

    /** Under lock: the standby, or null; the pool kills it when it breaks. */
    WorkerHandle standby() {
        return standby;
    }

    /** Under lock: forgets {@code handle} if it is the standby, which has exited; whether it was. */
    boolean standbyExited(WorkerHandle handle) {
        if (standby != handle) {
            return false;
        }
        standby = null;
        return true;
    }

    /** Under lock: whether any worker JVM has been started, standbys included. */
    boolean anyWorkerStarted() {
        return workersStarted > 0;
    }

    private void start(Launch launch) {
        Thread.ofPlatform().daemon().name(settings.name() + "-launcher").start(() -> launch(launch));
    }

    /** On a launcher thread: starts a worker JVM and hands it to the pool, or keeps it as the standby. */
    private void launch(Launch launch) {
        WorkerHandle handle;
        try {
            handle = group.launch();
        } catch (IOException | RuntimeException e) {
            launchFailed(launch, e);
            return;
        }
        if (settings.initializer() != null) {
            // Tasks run in order in a worker, so every task sent later runs after the initializer.
            handle.submit(-ids.incrementAndGet(), settings.initializer(), new InitializerCallback(handle));
        }
        handle.onExit().thenRun(() -> pool.gone(handle));
        lock.lock();
        try {
            workersStarted++;
            if (launch.forPool) {
                pool.launched(handle);
            } else {
                standbyLaunch = null;
                standby = handle;
            }
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    private void launchFailed(Launch launch, Exception e) {
        boolean forPool;
        lock.lock();
        try {
            forPool = launch.forPool;
            if (forPool) {
                pool.launchFailed();
            } else {
                standbyLaunch = null;
            }
            wake.signal();
        } finally {
            lock.unlock();
        }
        if (forPool) {
            pool.breakWith(PoolBreakage.startFailed(e));
        } else {
            // Not fatal: nobody waits for the standby, and the manager's next round starts another.
            LOG.log(Level.WARNING, settings.name() + ": the standby worker JVM could not be started", e);
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
            LOG.log(Level.SEVERE, "Exception in initializer:", error);
            pool.breakWith(PoolBreakage.initializerFailed(handle.pid(), error));
        }

        @Override
        public void onWorkerDeath(WorkerDiedException death) {
            // reported by the pool's gone() as the death of a worker, which breaks the pool
        }
    }
}
