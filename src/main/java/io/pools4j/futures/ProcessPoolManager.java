package io.pools4j.futures;

import io.pools4j.fn.Fn0;
import io.pools4j.multiprocessing.StartMethod;
import io.pools4j.worker.TaskCallback;
import io.pools4j.worker.WorkerDiedException;
import io.pools4j.worker.WorkerGroup;
import io.pools4j.worker.WorkerHandle;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The executor-manager of a {@link ProcessPoolExecutor}: one thread that moves submitted items to
 * worker JVMs, starts workers on demand, retires them after {@code maxTasksPerChild} tasks,
 * notices their deaths and ends them all at shutdown. See the walk-through in
 * {@link ProcessPoolExecutor}.
 *
 * <p><b>CPython:</b> {@code process.py}'s {@code _ExecutorManagerThread} plus
 * {@code _adjust_process_count}; {@link WorkerLauncher} is its {@code _spawn_process}, and
 * {@link PoolBreakage} builds the {@code BrokenProcessPool} exceptions.
 *
 * <p>Every mutable field, here and in the {@link WorkerLauncher} and {@link WorkerSlot}s, is
 * guarded by {@link #lock}. Futures are completed outside it, since a done-callback may call back
 * into the executor.
 */
final class ProcessPoolManager {

    private static final Logger LOG = Logger.getLogger("io.pools4j.futures");
    /** Time a worker gets to finish after SHUTDOWN, then again after SIGTERM, before SIGKILL. */
    private static final Duration GRACE = Duration.ofSeconds(2);
    /** Most items moved to workers per round of the manager: bounds the time the lock is held. */
    private static final int MAX_BATCH = 256;

    /** What a pool wants from its manager; fixed at construction. */
    record Settings(String name, int maxWorkers, StartMethod startMethod, int maxTasksPerChild,
                    Fn0<?> initializer, int prefetch) {}

    private final Settings settings;
    /** SPAWN's session for its workers; null for FORKSERVER, whose workers the Forkserver starts. */
    private final WorkerGroup group;
    private final AtomicLong ids = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled whenever the manager may have something to do. */
    private final Condition wake = lock.newCondition();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    /** Starts workers or takes FORKSERVER standbys; its state is guarded by {@link #lock} too. */
    private final WorkerLauncher launcher;

    // Guarded by lock.
    private final Deque<ProcessWorkItem<?>> pending = new ArrayDeque<>();
    private final List<WorkerSlot> slots = new ArrayList<>();
    /** Launches the pool is waiting for (each will become a slot). */
    private int launching;
    private boolean shutdown;
    private BrokenProcessPoolException broken;

    /** A dispatched task: the callback its worker answers through. */
    private final class Dispatch implements TaskCallback {
        final WorkerSlot slot;
        final ProcessWorkItem<?> item;

        Dispatch(WorkerSlot slot, ProcessWorkItem<?> item) {
            this.slot = slot;
            this.item = item;
        }

        @Override
        public void onResult(Object value) {
            // Counted idle before the future completes: a caller woken by result() that submits at
            // once must find this worker idle, not start another (CPython's test_idle_process_reuse).
            answered(this);
            item.settleResult(value);
        }

        @Override
        public void onException(Throwable error) {
            answered(this);
            item.settleException(error);
        }

        @Override
        public void onWorkerDeath(WorkerDiedException death) {
            WorkerSlot.Ending ending = answered(this);
            item.settleException(switch (ending) {
                case INTERRUPTED -> PoolBreakage.interruptedByUser(death);
                case TERMINATED -> new BrokenProcessPoolException(PoolBreakage.brokenMessage(death, "terminateWorkers()/killWorkers() ended it"),
                        death, death.pid(), death.exitCode(), death.stderrTail());
                default -> breakWith(PoolBreakage.died(death)).copy();
            });
        }
    }

    ProcessPoolManager(Settings settings) {
        this.settings = settings;
        try {
            // FORKSERVER workers come from the process-wide Forkserver's group: no session of its own.
            this.group = settings.startMethod() == StartMethod.FORKSERVER ? null
                    : WorkerGroup.open(io.pools4j.worker.WorkerOptions.defaults()
                            .withNamePrefix(settings.name()).withPrefetch(settings.prefetch()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a session for worker JVMs (" + e.getMessage()
                    + "); check that the temporary directory is writable", e);
        }
        // It calls back only from its launcher threads, which the manager thread starts after this.
        this.launcher = new WorkerLauncher(this, settings, group, ids, lock, wake);
        Thread.ofPlatform().daemon().name(settings.name() + "-manager").start(this::run);
    }

    // ------------------------------------------------------------------ called by the executor

    /** Queues {@code fn}; its future is returned. Throws if broken or shut down. */
    <R> Future<R> submit(Fn0<R> fn) {
        lock.lock();
        try {
            if (broken != null) {
                throw broken.copy();
            }
            if (shutdown) {
                throw new java.util.concurrent.RejectedExecutionException(
                        "cannot schedule new futures after shutdown(); create a new executor");
            }
            Future<R> future = new Future<>();
            pending.add(new ProcessWorkItem<>(ids.incrementAndGet(), future, fn));
            wake.signal();
            return future;
        } finally {
            lock.unlock();
        }
    }

    /** Stops taking work; cancels the queued items first if asked. Returns the manager's end. */
    CompletableFuture<Void> shutdown(boolean cancelFutures) {
        List<ProcessWorkItem<?>> toCancel = new ArrayList<>();
        lock.lock();
        try {
            shutdown = true;
            if (cancelFutures) {
                toCancel.addAll(pending);
                pending.clear();
            }
            wake.signal();
        } finally {
            lock.unlock();
        }
        toCancel.forEach(ProcessWorkItem::cancelPending);
        return terminated;
    }

    /** Python 3.14's terminate_workers/kill_workers after its shutdown: signals every live worker. */
    void signalWorkers(boolean kill) {
        List<WorkerHandle> targets = new ArrayList<>();
        lock.lock();
        try {
            for (WorkerSlot s : slots) {
                if (s.ending != WorkerSlot.Ending.ENDED) {
                    s.ending = WorkerSlot.Ending.TERMINATED;
                    targets.add(s.handle);
                }
            }
        } finally {
            lock.unlock();
        }
        for (WorkerHandle h : targets) {
            if (kill) {
                h.kill();
            } else {
                h.terminate();
            }
        }
    }

    /** The stop button: cancel what is queued, kill the workers running tasks, carry on. */
    int interruptFromUser() {
        List<ProcessWorkItem<?>> toCancel;
        List<WorkerHandle> toKill = new ArrayList<>();
        int stopped = 0;
        lock.lock();
        try {
            toCancel = new ArrayList<>(pending);
            pending.clear();
            for (WorkerSlot s : slots) {
                if (s.inFlight > 0 && s.isExpectedToLive()) {
                    s.ending = WorkerSlot.Ending.INTERRUPTED;
                    toKill.add(s.handle);
                    stopped += s.inFlight;
                }
            }
            wake.signal();
        } finally {
            lock.unlock();
        }
        for (ProcessWorkItem<?> item : toCancel) {
            if (item.cancelPending()) {
                stopped++;
            }
        }
        // A running task cannot be stopped inside its JVM without its cooperation; ending the JVM can.
        toKill.forEach(WorkerHandle::kill);
        return stopped;
    }

    /** For toString: {workers, queued}, and the state. */
    String describe() {
        lock.lock();
        try {
            String state = broken != null ? "broken" : shutdown ? "shut down" : "running";
            return "workers=" + slots.size() + " queued=" + pending.size() + " " + state;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ the manager thread

    private void run() {
        try {
            while (true) {
                List<Dispatch> batch;
                lock.lock();
                try {
                    while ((batch = nextDispatches()).isEmpty()) {
                        if (finished()) {
                            return;
                        }
                        boolean grew = launchAsNeeded();
                        endRetiredWorkers();
                        if (!grew) {
                            wake.awaitUninterruptibly(); // else a ready standby joined: dispatch to it now
                        }
                    }
                } finally {
                    lock.unlock();
                }
                send(batch);
            }
        } catch (RuntimeException | Error e) {
            LOG.log(Level.SEVERE, settings.name() + " manager failed; the pool is broken", e);
            breakWith(new BrokenProcessPoolException("the process pool's manager thread failed (" + e
                    + "); create a new executor", e, null, null, List.of()));
        } finally {
            closeWorkers();
        }
    }

    /** Whether the manager is done: broken, or shut down with nothing left; and no launch under way. */
    private boolean finished() {
        boolean drained = broken != null
                || (shutdown && pending.isEmpty() && slots.stream().allMatch(s -> s.inFlight == 0));
        return drained && launching == 0;
    }

    /**
     * The items that can go out now, each with the worker to run it, in queue order (at most
     * {@link #MAX_BATCH}): the least-loaded worker under its depth takes the next item. A worker
     * gets a second task while it runs one only once the pool has all its workers: before that,
     * waiting for a new worker runs the task sooner than queueing it behind a task of unknown length.
     */
    private List<Dispatch> nextDispatches() {
        List<Dispatch> batch = new ArrayList<>();
        if (broken != null) {
            return batch;
        }
        boolean grown = launching == 0 && countActive() >= settings.maxWorkers();
        while (!pending.isEmpty() && batch.size() < MAX_BATCH) {
            WorkerSlot best = null;
            for (WorkerSlot s : slots) {
                if (s.canTake(grown ? s.depth(settings.prefetch()) : 1, settings.maxTasksPerChild())
                        && (best == null || s.inFlight < best.inFlight)) {
                    best = s;
                }
            }
            if (best == null) {
                break;
            }
            ProcessWorkItem<?> item = pending.poll();
            // CPython's call queue marks items RUNNING as it takes them; cancelled ones are dropped here.
            if (!item.future.setRunningOrNotifyCancel()) {
                continue;
            }
            best.take(item, settings.maxTasksPerChild());
            batch.add(new Dispatch(best, item));
        }
        return batch;
    }

    private int countActive() {
        return (int) slots.stream().filter(s -> s.ending == WorkerSlot.Ending.NONE).count();
    }

    /**
     * CPython's _adjust_process_count: one new worker per waiting item, up to maxWorkers. Returns
     * whether a worker joined at once (a FORKSERVER standby that was ready).
     */
    private boolean launchAsNeeded() {
        boolean grew = false;
        if (broken == null && !pending.isEmpty()) {
            int wanted = Math.min(pending.size() - launching, settings.maxWorkers() - countActive() - launching);
            for (int i = 0; i < wanted; i++) {
                WorkerHandle ready = launcher.launchForPool();
                if (ready != null) {
                    slots.add(new WorkerSlot(ready)); // FORKSERVER: a standby was ready
                    grew = true;
                } else {
                    launching++; // lands later, through launched() or launchFailed()
                }
            }
        }
        return grew;
    }

    /** Under lock, from a launcher thread: a worker launched for the pool joins it. */
    void launched(WorkerHandle handle) {
        launching--;
        slots.add(new WorkerSlot(handle));
    }

    /** Under lock, from a launcher thread: a launch for the pool failed; the launcher breaks the pool next. */
    void launchFailed() {
        launching--;
    }

    /** Under lock: workers past maxTasksPerChild that have answered everything get SHUTDOWN. */
    private void endRetiredWorkers() {
        for (WorkerSlot s : slots) {
            if (s.ending == WorkerSlot.Ending.RETIRING && s.inFlight == 0) {
                s.ending = WorkerSlot.Ending.ENDED;
                Thread.ofVirtual().name(settings.name() + "-retire").start(() -> s.handle.shutdown(GRACE));
            }
        }
    }

    /** Sends a batch: one write per worker for all the items it takes. */
    private void send(List<Dispatch> batch) {
        Map<WorkerSlot, List<WorkerHandle.Outgoing>> byWorker = new LinkedHashMap<>();
        for (Dispatch d : batch) {
            byWorker.computeIfAbsent(d.slot, s -> new ArrayList<>()).add(new WorkerHandle.Outgoing(d.item.id, d.item.fn, d));
        }
        for (Map.Entry<WorkerSlot, List<WorkerHandle.Outgoing>> e : byWorker.entrySet()) {
            WorkerHandle handle = e.getKey().handle;
            try {
                handle.submitAll(e.getValue());
            } catch (RuntimeException failure) {
                // Not sent: the worker died between the choice and the send, or the task's code is broken.
                WorkerDiedException death = handle.death();
                for (WorkerHandle.Outgoing o : e.getValue()) {
                    Dispatch d = (Dispatch) o.callback();
                    if (death != null) {
                        d.onWorkerDeath(death);
                    } else {
                        d.onException(failure);
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ answers (reader threads)

    private WorkerSlot.Ending answered(Dispatch d) {
        lock.lock();
        try {
            d.slot.answered(d.item);
            wake.signal();
            return d.slot.ending;
        } finally {
            lock.unlock();
        }
    }

    /** A worker is gone and every task it held has been answered. */
    void gone(WorkerHandle handle) {
        BrokenProcessPoolException unexpected = null;
        lock.lock();
        try {
            for (WorkerSlot s : slots) {
                if (s.handle == handle) {
                    slots.remove(s);
                    if (s.isExpectedToLive() && !shutdownComplete()) {
                        unexpected = PoolBreakage.died(handle.death());
                    }
                    break;
                }
            }
            wake.signal();
        } finally {
            lock.unlock();
        }
        if (unexpected != null) {
            breakWith(unexpected); // CPython: a dead worker, even an idle one, breaks the pool
        }
    }

    private boolean shutdownComplete() {
        return terminated.isDone();
    }

    // ------------------------------------------------------------------ breaking and ending

    /**
     * CPython's terminate_broken: the pool is unusable; every queued and running future fails,
     * and every worker is killed. Returns the reason that stands (the first one).
     */
    BrokenProcessPoolException breakWith(BrokenProcessPoolException reason) {
        List<ProcessWorkItem<?>> queued;
        List<ProcessWorkItem<?>> running = new ArrayList<>();
        List<WorkerHandle> toKill = new ArrayList<>();
        lock.lock();
        try {
            if (broken != null) {
                return broken;
            }
            broken = reason;
            queued = new ArrayList<>(pending);
            pending.clear();
            for (WorkerSlot s : slots) {
                running.addAll(s.items.values());
                if (s.isExpectedToLive()) {
                    s.ending = WorkerSlot.Ending.BROKEN;
                }
                toKill.add(s.handle);
            }
            wake.signal();
        } finally {
            lock.unlock();
        }
        queued.forEach(item -> item.failPending(reason.copy()));
        running.forEach(item -> item.settleException(reason.copy()));
        toKill.forEach(WorkerHandle::kill);
        return reason;
    }

    /**
     * At the manager's end: SHUTDOWN to every worker left. A SPAWN pool closes its session, which
     * holds all its workers; a FORKSERVER pool's workers are in the {@code Forkserver}'s group, so
     * each is ended here.
     */
    private void closeWorkers() {
        List<WorkerHandle> left = new ArrayList<>();
        lock.lock();
        try {
            for (WorkerSlot s : slots) {
                if (s.isExpectedToLive()) {
                    s.ending = WorkerSlot.Ending.ENDED;
                }
                left.add(s.handle);
            }
        } finally {
            lock.unlock();
        }
        try {
            if (group != null) {
                group.close(GRACE); // SPAWN: every worker of the pool is in its group
            } else {
                WorkerHandle.shutdownAll(left, GRACE); // FORKSERVER: the workers it took
            }
        } finally {
            terminated.complete(null);
        }
    }

    boolean anyWorkerStarted() {
        lock.lock();
        try {
            return launcher.anyWorkerStarted();
        } finally {
            lock.unlock();
        }
    }
}
