package io.pools4j.futures;

import io.pools4j.Interrupts;
import io.pools4j.TaskObserver;
import io.pools4j.worker.pool.TaskObservers;
import io.pools4j.fn.Action;
import io.pools4j.fn.Fn0;
import io.pools4j.fn.Fn1;
import io.pools4j.worker.pool.PoolArguments;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An {@link Executor} that runs tasks on a pool of at most {@code maxWorkers} threads of this
 * JVM, for I/O-bound work and, unlike Python's (which the GIL serialises), for CPU-bound work
 * too: Java threads run on all cores at once.
 *
 * <p><b>Python:</b> {@code concurrent.futures.ThreadPoolExecutor(max_workers=None,
 * thread_name_prefix='', initializer=None, initargs=())}: the same default size
 * {@code min(32, cpus + 4)}, threads started lazily and idle ones reused, thread names
 * {@code prefix_i}, and an initializer that throws breaks the pool.
 *
 * <p><b>Differences from Python:</b> keyword arguments are set through {@link #builder()};
 * {@code initargs} are captured by the initializer lambda or passed with
 * {@link Builder#initializer(Fn1, Object)}; {@link Builder#virtualThreads()} runs each task on a
 * virtual thread, Java's answer to pools of thousands of blocking I/O tasks. Worker threads are
 * daemons; tasks submitted before the JVM exits still run to the end first, as in Python.
 *
 * <pre>{@code
 * try (var ex = new ThreadPoolExecutor(5)) {
 *     var f = ex.submit(BigInteger::pow, BigInteger.valueOf(323), 1235);
 *     System.out.println(f.result());
 * }
 * }</pre>
 */
public class ThreadPoolExecutor implements Executor, TaskObserver.Source {

    /*
     * Implementation overview (CPython's thread.py, same shape):
     *  - submit() puts a WorkItem on an unbounded queue, then starts a thread only if no idle
     *    thread could take it (idleSemaphore) and fewer than maxWorkers exist;
     *  - each worker runs the initializer once, then takes items until it meets SHUTDOWN, which it
     *    puts back so that every other worker meets it too;
     *  - an initializer that throws marks the pool broken and fails every queued item.
     */

    private static final Logger LOG = Logger.getLogger("io.pools4j.futures");
    /** Numbers default thread-name prefixes: {@code ThreadPoolExecutor-0}, {@code -1}, ... as CPython. */
    private static final AtomicInteger POOLS = new AtomicInteger();
    /** Live executors whose pending work a JVM exit waits for. Guarded by itself. */
    private static final Set<ThreadPoolExecutor> LIVE = Collections.newSetFromMap(new WeakHashMap<>());
    private static volatile boolean jvmExiting;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ThreadPoolExecutor::finishPendingWorkAtExit,
                "pools4j-thread-pools-exit"));
    }

    private static final WorkItem<?> SHUTDOWN = new WorkItem<>(-1, null, null);

    private final int maxWorkers;
    private final String threadNamePrefix;
    private final Optional<Fn0<?>> initializer;
    private final boolean virtual;
    private final BlockingQueue<WorkItem<?>> workQueue = new LinkedBlockingQueue<>();
    /** One permit per worker waiting for work: CPython's _idle_semaphore. */
    private final Semaphore idleSemaphore = new Semaphore(0);
    /** The task each worker thread is running now, for the stop button. */
    private final Map<Thread, WorkItem<?>> runningItems = new ConcurrentHashMap<>();
    private final Interrupts.Target interruptTarget = this::interruptFromUser;

    private final Object shutdownLock = new Object();
    /** Guarded by shutdownLock. */
    private final List<Thread> threads = new ArrayList<>();
    /** Guarded by shutdownLock. */
    private boolean shutdown;
    /** The number the next task gets, for observers; guarded by shutdownLock. */
    private long nextTaskId;
    private final TaskObservers observers = new TaskObservers();
    /** Why the pool is broken, or null; written under shutdownLock, read without. */
    private volatile BrokenThreadPoolException broken;

    /** A pool of {@link #defaultMaxWorkers()} threads. <b>Python:</b> {@code ThreadPoolExecutor()}. */
    public ThreadPoolExecutor() {
        this(builder());
    }

    /**
     * A pool of at most {@code maxWorkers} threads. <b>Python:</b> {@code ThreadPoolExecutor(max_workers)}.
     *
     * @throws IllegalArgumentException if {@code maxWorkers <= 0}
     */
    public ThreadPoolExecutor(int maxWorkers) {
        this(builder().maxWorkers(maxWorkers));
    }

    /**
     * <b>Python:</b> {@code ThreadPoolExecutor(max_workers, thread_name_prefix, initializer)}.
     *
     * @param initializer run once in each new worker thread before its first task; {@code null} for none
     */
    public ThreadPoolExecutor(int maxWorkers, String threadNamePrefix, Action initializer) {
        this(builder().maxWorkers(maxWorkers).threadNamePrefix(threadNamePrefix).initializer(initializer));
    }

    private ThreadPoolExecutor(Builder b) {
        this.maxWorkers = b.maxWorkers;
        this.threadNamePrefix = b.threadNamePrefix != null && !b.threadNamePrefix.isEmpty()
                ? b.threadNamePrefix : "ThreadPoolExecutor-" + POOLS.getAndIncrement();
        this.initializer = b.initializer;
        this.virtual = b.virtual;
        Interrupts.register(interruptTarget);
        synchronized (LIVE) {
            LIVE.add(this);
        }
    }

    /** Keyword arguments of Python's constructor, one method each. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code min(32, availableProcessors + 4)}: Python's default, enough threads for I/O without exhausting memory. */
    public static int defaultMaxWorkers() {
        return Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
    }

    /** The most threads this pool runs at once. */
    public int maxWorkers() {
        return maxWorkers;
    }

    /**
     * Tells {@code observer} when each task submitted from now on is submitted, starts (on which
     * thread) and ends: a {@code io.pools4j.notebook.Timeline} draws them.
     *
     * <p><b>Python:</b> none; see {@link TaskObserver}.
     */
    @Override
    public void addTaskObserver(TaskObserver observer) {
        observers.addTaskObserver(observer);
    }

    @Override
    public void removeTaskObserver(TaskObserver observer) {
        observers.removeTaskObserver(observer);
    }

    @Override
    public <R> Future<R> submit(Fn0<R> fn) {
        Objects.requireNonNull(fn, "fn must not be null: pass the task to run");
        synchronized (shutdownLock) {
            if (broken != null) {
                throw new BrokenThreadPoolException(broken.getMessage(), broken.getCause());
            }
            if (shutdown) {
                throw new RejectedExecutionException("cannot schedule new futures after shutdown(); create a new executor");
            }
            if (jvmExiting) {
                throw new RejectedExecutionException("cannot schedule new futures after the JVM began to exit");
            }
            Future<R> future = new Future<>();
            long id = nextTaskId++;
            observers.submitted(id, "submit");
            workQueue.add(new WorkItem<>(id, future, fn));
            startThreadIfNeeded();
            return future;
        }
    }

    @Override
    public void shutdown(ShutdownOption... options) {
        List<ShutdownOption> opts = List.of(options);
        List<Thread> toJoin;
        synchronized (shutdownLock) {
            shutdown = true;
            if (opts.contains(ShutdownOption.CANCEL_FUTURES)) {
                cancelQueued();
            }
            // One sentinel is enough: each worker that meets it puts it back for the next.
            workQueue.add(SHUTDOWN);
            toJoin = List.copyOf(threads);
        }
        Interrupts.unregister(interruptTarget);
        if (!opts.contains(ShutdownOption.NO_WAIT)) {
            joinAll(toJoin);
        }
    }

    @Override
    public String toString() {
        synchronized (shutdownLock) {
            String state = broken != null ? "broken" : shutdown ? "shut down" : "running";
            return "<ThreadPoolExecutor " + threadNamePrefix + " maxWorkers=" + maxWorkers + " threads=" + threads.size()
                    + " queued=" + workQueue.stream().filter(i -> i != SHUTDOWN).count() + " " + state + ">";
        }
    }

    /** The stop button: cancel what has not started, interrupt what runs; the pool stays usable. */
    private int interruptFromUser() {
        int stopped;
        synchronized (shutdownLock) {
            stopped = cancelQueued();
        }
        for (Thread t : runningItems.keySet()) {
            t.interrupt();
            stopped++;
        }
        return stopped;
    }

    /** Cancels every queued item and tells its waiters; keeps the SHUTDOWN sentinel. Under shutdownLock. */
    private int cancelQueued() {
        List<WorkItem<?>> drained = new ArrayList<>();
        workQueue.drainTo(drained);
        int cancelled = 0;
        for (WorkItem<?> item : drained) {
            if (item == SHUTDOWN) {
                workQueue.add(SHUTDOWN);
            } else if (item.future().cancel()) {
                item.future().setRunningOrNotifyCancel();
                observers.finished(item.id(), TaskObserver.Outcome.CANCELLED);
                cancelled++;
            }
        }
        return cancelled;
    }

    /** Under shutdownLock. */
    private void startThreadIfNeeded() {
        if (idleSemaphore.tryAcquire()) {
            return; // an idle worker will take the item
        }
        if (threads.size() >= maxWorkers) {
            return;
        }
        String name = threadNamePrefix + "_" + threads.size();
        Thread.Builder builder = virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon(true);
        Thread t = builder.name(name).unstarted(this::workerLoop);
        threads.add(t);
        t.start();
    }

    private void workerLoop() {
        if (initializer.isPresent() && !runInitializer(initializer.get())) {
            return;
        }
        Thread self = Thread.currentThread();
        while (true) {
            WorkItem<?> item;
            try {
                item = workQueue.take();
            } catch (InterruptedException e) {
                continue; // a stop-button interrupt that arrived after the task ended: not for us
            }
            if (item == SHUTDOWN) {
                workQueue.add(SHUTDOWN);
                return;
            }
            if (!item.future().setRunningOrNotifyCancel()) {
                observers.finished(item.id(), TaskObserver.Outcome.CANCELLED);
                continue;
            }
            observers.started(item.id(), self.getName());
            runningItems.put(self, item);
            WorkItem.Ran ran;
            try {
                ran = item.call();
            } finally {
                runningItems.remove(self);
                Thread.interrupted(); // an interrupt meant for this task must not reach the next one
            }
            // Counted idle before the future completes: a caller woken by result() that submits
            // again at once must find this thread, not start another (CPython's test_idle_thread_reuse).
            idleSemaphore.release();
            observers.finished(item.id(), ran.outcome());
            ran.complete().run();
        }
    }

    private boolean runInitializer(Fn0<?> initializer) {
        try {
            initializer.call();
            return true;
        } catch (Throwable t) {
            LOG.log(Level.SEVERE, "Exception in initializer:", t);
            markBroken(t);
            return false;
        }
    }

    /** CPython's _initializer_failed: the pool is unusable, and every queued task fails. */
    private void markBroken(Throwable cause) {
        synchronized (shutdownLock) {
            broken = new BrokenThreadPoolException("A thread initializer failed, the thread pool is not usable anymore"
                    + " (" + cause + "); fix the initializer and create a new executor", cause);
            List<WorkItem<?>> drained = new ArrayList<>();
            workQueue.drainTo(drained);
            for (WorkItem<?> item : drained) {
                if (item == SHUTDOWN) {
                    workQueue.add(SHUTDOWN);
                } else if (!item.future().done()) {
                    observers.finished(item.id(), TaskObserver.Outcome.FAILED);
                    item.future().setException(new BrokenThreadPoolException(broken.getMessage(), cause));
                }
            }
        }
    }

    private static void joinAll(List<Thread> toJoin) {
        for (Thread t : toJoin) {
            if (t == Thread.currentThread()) {
                continue; // shutdown() called from a task of this pool: joining itself would never return
            }
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // the caller was interrupted (the stop button): stop waiting
            }
        }
    }

    /** CPython joins its worker threads at interpreter exit, so that submitted work completes. */
    private static void finishPendingWorkAtExit() {
        jvmExiting = true;
        List<ThreadPoolExecutor> live;
        synchronized (LIVE) {
            live = new ArrayList<>(LIVE);
        }
        live.forEach(ThreadPoolExecutor::shutdown);
    }

    /** A task, its number within this pool (for observers) and its future: CPython's _WorkItem. */
    private record WorkItem<R>(long id, Future<R> future, Fn0<R> fn) {

        /** How a run ended, and the step that completes the future accordingly. */
        record Ran(TaskObserver.Outcome outcome, Runnable complete) {}

        /** Runs the task of a future already marked running. */
        Ran call() {
            try {
                R result = fn.call();
                return new Ran(TaskObserver.Outcome.SUCCEEDED, () -> future.setResult(result));
            } catch (Throwable t) {
                return new Ran(TaskObserver.Outcome.FAILED, () -> future.setException(t));
            }
        }
    }

    /**
     * The keyword arguments of Python's constructor.
     *
     * <p><b>Python:</b> {@code ThreadPoolExecutor(max_workers=..., thread_name_prefix=...,
     * initializer=..., initargs=...)}.
     */
    public static final class Builder {
        private int maxWorkers = defaultMaxWorkers();
        private String threadNamePrefix;
        private Optional<Fn0<?>> initializer = Optional.empty();
        private boolean virtual;

        private Builder() {}

        /** @throws IllegalArgumentException if {@code maxWorkers <= 0} */
        public Builder maxWorkers(int maxWorkers) {
            this.maxWorkers = PoolArguments.maxWorkers(maxWorkers);
            return this;
        }

        /** Threads are named {@code prefix_0}, {@code prefix_1}, ...; empty or null for the default. */
        public Builder threadNamePrefix(String threadNamePrefix) {
            this.threadNamePrefix = threadNamePrefix;
            return this;
        }

        /** Run once in each new worker thread before its first task; if it throws, the pool is broken. */
        public Builder initializer(Action initializer) {
            this.initializer = PoolArguments.initializer(initializer);
            return this;
        }

        /** <b>Python:</b> {@code initializer=fn, initargs=(arg,)}. */
        public <A> Builder initializer(Fn1<? super A, ?> initializer, A initarg) {
            this.initializer = PoolArguments.initializer(initializer, initarg);
            return this;
        }

        /** One virtual thread per running task: cheap enough for thousands of blocking I/O tasks. */
        public Builder virtualThreads() {
            this.virtual = true;
            return this;
        }

        public ThreadPoolExecutor build() {
            return new ThreadPoolExecutor(this);
        }
    }
}
