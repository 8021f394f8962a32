package io.pools4j.futures;

import io.pools4j.Interrupts;
import io.pools4j.TaskObserver;
import io.pools4j.fn.Action;
import io.pools4j.fn.Fn0;
import io.pools4j.fn.Fn1;
import io.pools4j.fn.Fn2;
import io.pools4j.fn.Fn3;
import io.pools4j.multiprocessing.StartMethod;
import io.pools4j.worker.Call;
import io.pools4j.worker.WorkerOptions;
import io.pools4j.worker.pool.DeathPolicy;
import io.pools4j.worker.pool.PoolArguments;
import io.pools4j.worker.pool.PoolEngine;
import io.pools4j.worker.pool.PoolSettings;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * An {@link Executor} whose workers are child JVMs: for CPU-bound work that must not share a
 * heap, a crash or a {@code System.exit} with the notebook, and for code that is not
 * thread-safe. Functions, records and classes written in a notebook cell run in the workers
 * without any set-up, as do the values of the notebook variables a task reads (taken when it is
 * submitted). What a task prints appears in the cell; its exception comes back with the
 * worker's stack trace as its cause.
 *
 * <p><b>Python:</b> {@code concurrent.futures.ProcessPoolExecutor(max_workers=None,
 * mp_context=None, initializer=None, initargs=(), max_tasks_per_child=None)}: the same default
 * size (the number of processors), workers started on demand and idle ones reused, a pool that
 * is broken for good when a worker dies ({@link BrokenProcessPoolException}), and Python 3.14's
 * {@link #terminateWorkers()} and {@link #killWorkers()}.
 *
 * <p><b>Differences from Python:</b> keyword arguments are set through {@link #builder()};
 * {@code mp_context} is a {@link StartMethod} ({@code FORK} is refused: a JVM cannot fork);
 * notebook-defined functions work under every start method (Python's fail with "Can't get
 * attribute 'f' on &lt;module '__main__'&gt;"); a task's output reaches the notebook; a worker
 * killed by the stop button ({@link Interrupts}) fails only its own tasks and is replaced, where
 * Python's pool breaks; work still pending when the JVM exits is not waited for (the workers are
 * ended with it).
 *
 * <pre>{@code
 * try (var ex = new ProcessPoolExecutor(2)) {
 *     var f = ex.submit(n -> LongStream.rangeClosed(1, n).sum(), 1_000_000L);
 *     System.out.println(f.result());
 * }
 * }</pre>
 */
public class ProcessPoolExecutor implements Executor, TaskObserver.Source {

    /*
     * Implementation overview (CPython's process.py, same actors). The engine is
     * io.pools4j.worker.pool.PoolEngine, shared with multiprocessing.Pool; this class gives it
     * the executor's policy (DeathPolicy.BREAK_POOL) and words (PoolBreakage), and a Future as
     * each task's Completion.
     *
     *   caller threads          manager thread (Dispatcher)    worker JVMs (io.pools4j.worker)
     *   --------------          ---------------------------    -------------------------------
     *   submit(fn) --> pending ---> nextDispatches: pick the  +--> TASK frames over a Unix socket
     *   (queue of     (deque)       least-loaded worker; the  |    (WorkerOptions.DEFAULT_PREFETCH
     *    WorkItems)                 future stays PENDING -----+     in flight, up to MAX_DEPTH)
     *                               Growth: workers on demand       RESULT / ERROR frames
     *   future <-- Dispatch <---- reader thread of each worker <--  worker death (EOF, exit code)
     *     |                         \-> head of its table: RUNNING; answered: worker less loaded
     *   cancel() --CANCEL--> worker: CANCELLED (dropped, never runs) or STARTED (too late)
     *
     *  - submit() (caller): PoolEngine.submit checks broken/shutdown, queues a WorkItem (the task
     *    and its Future), wakes the manager. Until dispatched, an item is PENDING and can be cancelled.
     *  - the manager thread (Dispatcher.run): moves items to workers; a cancelled one is skipped.
     *    A future sent to a worker stays PENDING (CPython's call queue marks it RUNNING, so that
     *    its cancel() fails): it becomes RUNNING once it is the first task of its worker's table,
     *    which the worker runs in order, and until then cancel() asks the worker to drop it and
     *    returns its verdict (WireDescriptor draws the exchange). shutdown(CANCEL_FUTURES), a map
     *    timeout and closing a map's iterator cancel such tasks the same way. For each item no idle worker can take, up to maxWorkers, Growth asks the
     *    WorkerSource for a worker: SPAWN launches a JVM on a launcher thread, FORKSERVER takes a
     *    standby of the process-wide Forkserver. Once the pool has all its workers, each may hold
     *    at least `prefetch` tasks (WorkerOptions.DEFAULT_PREFETCH), and more when its tasks are
     *    short (ServiceTime: ~QUEUED_WORK_NANOS of work, at most MAX_DEPTH), so that a worker finds
     *    its next task already there when it finishes one instead of idling a round trip.
     *    A worker past maxTasksPerChild takes no more, and is sent SHUTDOWN once it has answered.
     *  - the reader thread of each worker (WorkerHandle): its table of tasks in flight, the only
     *    one, answers each task once, from a RESULT/ERROR frame or the worker's death, through the
     *    Dispatcher's Dispatch callback, which marks the worker less loaded, then completes the
     *    future (outside every lock).
     *  - a death nobody asked for (kill -9, System.exit, OOM, even of an idle worker) breaks the
     *    pool (DeathPolicy.BREAK_POOL; Stopper.breakWith): every queued future fails with
     *    BrokenProcessPoolException, every worker is killed so that the futures it held fail the
     *    same way (an answer that comes before its death fails them so too: a task behind a
     *    failed initializer must not pass for done), submit throws (CPython's terminate_broken).
     *    A failed initializer breaks it the same way. A death that was asked for (stop
     *    button, terminateWorkers, retirement, shutdown) fails only the tasks it held, as
     *    interrupted or terminated, or none.
     *  - shutdown(): no new work; the manager drains what is queued, then sends every worker
     *    SHUTDOWN, then SIGTERM, then SIGKILL, each after Stopper.GRACE, and a SPAWN pool removes
     *    its session directory (a FORKSERVER pool has none: its workers are the Forkserver's).
     */

    /** Where a failed initializer is logged, as CPython logs it on {@code concurrent.futures}' logger. */
    private static final Logger LOG = Logger.getLogger("io.pools4j.futures");
    /** Numbers pools, for worker names: {@code ProcessPoolExecutor-0-3} in ps and jstack. */
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final String name;
    private final int maxWorkers;
    private final StartMethod startMethod;
    private final int maxTasksPerChild;
    private final List<String> jvmOptions;
    private final PoolEngine pool;
    private final Interrupts.Target interruptTarget;

    /** A pool of {@link #defaultMaxWorkers()} workers. <b>Python:</b> {@code ProcessPoolExecutor()}. */
    public ProcessPoolExecutor() {
        this(builder());
    }

    /**
     * A pool of at most {@code maxWorkers} worker JVMs. <b>Python:</b> {@code ProcessPoolExecutor(max_workers)}.
     *
     * @throws IllegalArgumentException if {@code maxWorkers <= 0}
     */
    public ProcessPoolExecutor(int maxWorkers) {
        this(builder().maxWorkers(maxWorkers));
    }

    private ProcessPoolExecutor(Builder b) {
        this.name = "ProcessPoolExecutor-" + POOLS.getAndIncrement();
        this.maxWorkers = b.maxWorkers;
        // Python: with max_tasks_per_child and no context, the pool uses spawn; so does a pool with JVM options.
        this.startMethod = PoolArguments.startMethodFor(b.jvmOptions, b.startMethod,
                () -> b.maxTasksPerChild != 0 ? StartMethod.SPAWN : StartMethod.FORKSERVER);
        this.maxTasksPerChild = b.maxTasksPerChild;
        this.jvmOptions = b.jvmOptions;
        this.pool = new PoolEngine(new PoolSettings(name, maxWorkers, startMethod, maxTasksPerChild, b.initializer,
                jvmOptions, WorkerOptions.DEFAULT_PREFETCH, DeathPolicy.BREAK_POOL, new PoolBreakage(), LOG));
        this.interruptTarget = pool::interruptFromUser;
        Interrupts.register(interruptTarget);
    }

    /** Keyword arguments of Python's constructor, one method each. */
    public static Builder builder() {
        return new Builder();
    }

    /** The number of processors: Python's {@code os.process_cpu_count()}. */
    public static int defaultMaxWorkers() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** The most worker JVMs this pool runs tasks on at once. */
    public int maxWorkers() {
        return maxWorkers;
    }

    /** How this pool starts its workers. <b>Python:</b> {@code mp_context.get_start_method()}. */
    public StartMethod startMethod() {
        return startMethod;
    }

    /**
     * Schedules {@code fn} in a worker JVM. {@code fn} and what it captures are serialized when
     * the task is sent to a worker, as Python pickles a call when it moves to the call queue: a
     * value that cannot be serialized fails the future (not this call), naming its class, and a
     * captured object changed before the task is sent goes as it is then.
     *
     * <p><b>Python:</b> {@code ProcessPoolExecutor.submit(fn)}.
     *
     * @throws java.util.concurrent.RejectedExecutionException after {@link #shutdown}
     * @throws BrokenProcessPoolException if a worker died and the pool is broken
     */
    /**
     * Tells {@code observer} when each task submitted from now on is submitted, starts (in which
     * worker JVM: "pid 4711") and ends: a {@code io.pools4j.notebook.Timeline} draws them.
     * A task is one {@code submit}; {@code map} submits one per chunk.
     *
     * <p><b>Python:</b> none; see {@link TaskObserver}.
     */
    @Override
    public void addTaskObserver(TaskObserver observer) {
        pool.observers().addTaskObserver(observer);
    }

    @Override
    public void removeTaskObserver(TaskObserver observer) {
        pool.observers().removeTaskObserver(observer);
    }

    @Override
    public <R> Future<R> submit(Fn0<R> fn) {
        Objects.requireNonNull(fn, "fn must not be null: pass the task to run");
        return submitted(fn);
    }

    /** <b>Python:</b> {@code submit(fn)}; an argument that cannot be sent is named by its position. */
    @Override
    public Future<Void> submit(Action fn) {
        Objects.requireNonNull(fn, "fn must not be null");
        return submitted(Call.of(fn));
    }

    /** <b>Python:</b> {@code submit(fn, a)}. */
    @Override
    @SuppressWarnings("unchecked")
    public <A, R> Future<R> submit(Fn1<? super A, ? extends R> fn, A a) {
        Objects.requireNonNull(fn, "fn must not be null");
        return submitted(Call.of((Fn1<A, R>) fn, a));
    }

    /** <b>Python:</b> {@code submit(fn, a, b)}. */
    @Override
    @SuppressWarnings("unchecked")
    public <A, B, R> Future<R> submit(Fn2<? super A, ? super B, ? extends R> fn, A a, B b) {
        Objects.requireNonNull(fn, "fn must not be null");
        return submitted(Call.of((Fn2<A, B, R>) fn, a, b));
    }

    /** <b>Python:</b> {@code submit(fn, a, b, c)}. */
    @Override
    @SuppressWarnings("unchecked")
    public <A, B, C, R> Future<R> submit(Fn3<? super A, ? super B, ? super C, ? extends R> fn, A a, B b, C c) {
        Objects.requireNonNull(fn, "fn must not be null");
        return submitted(Call.of((Fn3<A, B, C, R>) fn, a, b, c));
    }

    private <R> Future<R> submitted(Fn0<R> fn) {
        Future<R> future = new Future<>();
        pool.submit("submit", fn, future);
        return future;
    }

    /**
     * Shuts the pool down: no new tasks are accepted; without options it waits until the pending
     * tasks have run and every worker JVM has ended. Idempotent.
     *
     * <p><b>Python:</b> {@code ProcessPoolExecutor.shutdown(wait=True, cancel_futures=False)}.
     *
     * @param options {@link ShutdownOption#NO_WAIT} returns at once (the workers still end once
     *                the pending work is done); {@link ShutdownOption#CANCEL_FUTURES} cancels
     *                the tasks not yet sent to a worker
     */
    @Override
    public void shutdown(ShutdownOption... options) {
        List<ShutdownOption> opts = List.of(options);
        var end = pool.shutdown(opts.contains(ShutdownOption.CANCEL_FUTURES) ? PoolEngine.Queued.CANCEL : PoolEngine.Queued.RUN);
        Interrupts.unregister(interruptTarget);
        if (!opts.contains(ShutdownOption.NO_WAIT)) {
            awaitEnd(end);
        }
    }

    /**
     * Ends the pool now: cancels the queued tasks, sends SIGTERM to every live worker JVM and
     * returns once they have ended; futures of tasks that were running fail with
     * {@link BrokenProcessPoolException}. Does nothing to workers if none was started.
     *
     * <p><b>Python:</b> {@code ProcessPoolExecutor.terminate_workers()} (3.14).
     */
    public void terminateWorkers() {
        forceShutdown(PoolEngine.Signal.TERMINATE);
    }

    /**
     * {@link #terminateWorkers()} with SIGKILL: for a worker that does not end on SIGTERM.
     *
     * <p><b>Python:</b> {@code ProcessPoolExecutor.kill_workers()} (3.14).
     */
    public void killWorkers() {
        forceShutdown(PoolEngine.Signal.KILL);
    }

    private void forceShutdown(PoolEngine.Signal signal) {
        var end = pool.shutdown(PoolEngine.Queued.CANCEL);
        Interrupts.unregister(interruptTarget);
        if (pool.anyWorkerStarted()) {
            pool.signalWorkers(signal);
        }
        awaitEnd(end);
    }

    private static void awaitEnd(java.util.concurrent.CompletableFuture<Void> end) {
        try {
            end.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the caller was interrupted (the stop button): stop waiting
        } catch (ExecutionException e) {
            throw new IllegalStateException("ending the worker JVMs failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public String toString() {
        return "<ProcessPoolExecutor " + name + " maxWorkers=" + maxWorkers + " startMethod=" + startMethod.pythonName()
                + (maxTasksPerChild != 0 ? " maxTasksPerChild=" + maxTasksPerChild : "")
                + (jvmOptions.isEmpty() ? "" : " jvmOptions=" + jvmOptions) + " " + pool.describe() + ">";
    }

    /**
     * The keyword arguments of Python's constructor.
     *
     * <p><b>Python:</b> {@code ProcessPoolExecutor(max_workers=..., mp_context=...,
     * initializer=..., initargs=..., max_tasks_per_child=...)}, plus the worker JVMs' options.
     */
    public static final class Builder {
        private int maxWorkers = defaultMaxWorkers();
        /** Empty: FORKSERVER, or SPAWN with maxTasksPerChild (decided at build, as Python does). */
        private Optional<StartMethod> startMethod = Optional.empty();
        private Optional<Fn0<?>> initializer = Optional.empty();
        /** 0: no limit (Python's None). */
        private int maxTasksPerChild;
        private List<String> jvmOptions = List.of();

        private Builder() {}

        /** @throws IllegalArgumentException if {@code maxWorkers <= 0} */
        public Builder maxWorkers(int maxWorkers) {
            this.maxWorkers = PoolArguments.maxWorkers(maxWorkers);
            return this;
        }

        /**
         * How workers start; by default {@link StartMethod#FORKSERVER} (Python 3.14's default on
         * Linux), or {@link StartMethod#SPAWN} when {@link #maxTasksPerChild} is set (as Python).
         * <b>Python:</b> {@code mp_context=multiprocessing.get_context(method)}.
         *
         * @throws IllegalArgumentException for {@link StartMethod#FORK}, which a JVM cannot do
         */
        public Builder startMethod(StartMethod method) {
            this.startMethod = Optional.of(PoolArguments.startMethod(method));
            return this;
        }

        /** Run once in each worker JVM before its first task; if it throws, the pool is broken. */
        public Builder initializer(Action initializer) {
            this.initializer = PoolArguments.initializer(initializer);
            return this;
        }

        /** <b>Python:</b> {@code initializer=fn, initargs=(arg,)}. */
        public <A> Builder initializer(Fn1<? super A, ?> initializer, A initarg) {
            this.initializer = PoolArguments.initializer(initializer, initarg);
            return this;
        }

        /**
         * A worker JVM ends after running this many tasks and a new one takes its place (to
         * release what a leaky library holds).
         *
         * @throws IllegalArgumentException if {@code n < 1}
         */
        public Builder maxTasksPerChild(int n) {
            this.maxTasksPerChild = PoolArguments.maxTasksPerChild(n);
            return this;
        }

        /**
         * Options of every worker JVM of this pool, before its main class: heap size
         * ({@code -Xmx512m}), system properties ({@code -Dname=value}), agents
         * ({@code -javaagent:agent.jar}), any other JVM option, one option per argument
         * ({@code --add-opens=java.base/java.lang=ALL-UNNAMED}). They come after pools4j's own
         * flags, so they win where the two overlap. Replaces the options given before.
         *
         * <p>A pool with JVM options starts its own workers ({@link StartMethod#SPAWN}, the default
         * for it): the forkserver's standbys were started ahead of any pool with the default options,
         * and a running JVM cannot take others; {@code startMethod(FORKSERVER)} with options is
         * refused. Its workers use the start-up cache if every option lets the JVM use it
         * ({@code -D}, heap and stack sizes below 32 GB, {@code -ea}, the serial, parallel or G1
         * collector), else they start without it (an agent, for one: about 0.1 s more each here).
         *
         * <p><b>Python:</b> none; the nearest is {@code multiprocessing.set_executable} with an
         * interpreter of other flags, or {@code -X} options in the parent's environment.
         *
         * @throws IllegalArgumentException for a word that does not start with '-', or a class
         *                                  path, module or jar option (pools4j sets those)
         */
        public Builder jvmOptions(String... options) {
            return jvmOptions(java.util.Arrays.asList(options));
        }

        /** {@link #jvmOptions(String...)} from a list. */
        public Builder jvmOptions(List<String> options) {
            this.jvmOptions = PoolArguments.jvmOptions(options);
            return this;
        }

        /**
         * @throws IllegalArgumentException for {@code startMethod(FORKSERVER)} with
         *                                  {@link #jvmOptions(String...) jvmOptions}
         */
        public ProcessPoolExecutor build() {
            return new ProcessPoolExecutor(this);
        }
    }
}
