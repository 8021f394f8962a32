package io.pools4j.multiprocessing;

import io.pools4j.Interrupts;
import io.pools4j.TaskObserver;
import io.pools4j.fn.Action;
import io.pools4j.fn.Fn0;
import io.pools4j.fn.Fn1;
import io.pools4j.fn.Fn2;
import io.pools4j.fn.Fn3;
import io.pools4j.worker.Call;
import io.pools4j.worker.Chunk;
import io.pools4j.worker.WorkerOptions;
import io.pools4j.worker.pool.DeathPolicy;
import io.pools4j.worker.pool.PoolArguments;
import io.pools4j.worker.pool.PoolEngine;
import io.pools4j.worker.pool.PoolSettings;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * A pool of worker JVMs for {@code apply}, {@code map} and their asynchronous forms. Functions,
 * records and variables written in a notebook cell run in the workers as they are; what a task
 * prints appears in the cell; a task's exception comes back with the worker's stack trace as its
 * cause.
 *
 * <pre>{@code
 * try (var pool = new Pool(4)) {                        // with Pool(4) as pool:
 *     System.out.println(pool.map(x -> x * 2, List.of(1, 2, 3)));  //  print(pool.map(double, [1, 2, 3]))
 *     AsyncResult<Integer> r = pool.applyAsync(x -> x * x, 7);     //  r = pool.apply_async(f, (7,))
 *     System.out.println(r.get());                                //  print(r.get())
 * }
 * }</pre>
 *
 * <p><b>Python:</b> {@code multiprocessing.Pool(processes=None, initializer=None, initargs=(),
 * maxtasksperchild=None, context=None)} and {@code multiprocessing.pool.Pool}'s methods.
 *
 * <p><b>Differences from Python:</b>
 * <ul>
 *   <li>{@link #close()} is also what try-with-resources calls, so the end of a {@code try} block
 *       <em>waits</em> for the work given to the pool and then ends the workers (Python's
 *       {@code close()} then {@code join()}). Python's {@code with Pool()} calls
 *       {@code terminate()} instead, which kills unfinished {@code apply_async} work: call
 *       {@link #terminate()} for that.</li>
 *   <li>A worker killed mid-task ({@code kill -9}, {@code System.exit}, out of memory) fails that
 *       task with a {@link ProcessException} naming its pid and how it ended; a new worker takes
 *       its place and the pool goes on. Python's Pool replaces the worker too, but the task's
 *       {@code get()} waits for ever.</li>
 *   <li>A failing initializer breaks the pool ({@link BrokenPoolException}) instead of restarting
 *       failing workers for ever.</li>
 *   <li>Workers start when the first tasks need them, not all at once.</li>
 *   <li>Keyword arguments are the {@link #builder()}'s methods; {@code callback=} and
 *       {@code error_callback=} are a {@link Callbacks}; {@code starmap}'s argument tuples are
 *       lists ({@code List.of(1, 2)} for {@code (1, 2)}).</li>
 *   <li>The stop button cancels the queued tasks and ends the workers running tasks; the pool
 *       starts new workers for the next tasks.</li>
 * </ul>
 */
public final class Pool implements AutoCloseable, TaskObserver.Source {

    private static final Logger LOG = Logger.getLogger("io.pools4j.multiprocessing");
    /** Numbers pools, for worker names: {@code Pool-0-3} in ps and jstack. */
    private static final AtomicInteger POOLS = new AtomicInteger();
    /**
     * Chunks imap sends ahead of what its caller has taken: enough to keep every worker fed (a
     * worker holds up to 64 short tasks), few enough that an endless input does not fill the heap.
     */
    private static final int IMAP_READ_AHEAD = 256;

    /** Python's pool states: taking work, closed to new work, terminated. */
    private enum State { RUN, CLOSE, TERMINATE }

    private final String name;
    private final int processes;
    private final StartMethod startMethod;
    private final PoolEngine engine;
    private final Interrupts.Target interruptTarget;
    /** Guarded by this. */
    private State state = State.RUN;
    /** Completes once every worker has ended; set by close() or terminate(); guarded by this. */
    private CompletableFuture<Void> end;

    /** A pool of {@link Multiprocessing#cpuCount()} workers. <b>Python:</b> {@code Pool()}. */
    public Pool() {
        this(builder());
    }

    /**
     * A pool of {@code processes} worker JVMs. <b>Python:</b> {@code Pool(processes)}.
     *
     * @throws IllegalArgumentException if {@code processes < 1}
     */
    public Pool(int processes) {
        this(builder().processes(processes));
    }

    private Pool(Builder b) {
        this.name = "Pool-" + POOLS.getAndIncrement();
        this.processes = b.processes;
        // A pool with JVM options and no context spawns its workers: the forkserver's cannot take options.
        this.startMethod = PoolArguments.startMethodFor(b.jvmOptions, b.context.map(Context::getStartMethod),
                () -> Multiprocessing.getContext().getStartMethod());
        this.engine = new PoolEngine(new PoolSettings(name, processes, startMethod, b.maxTasksPerChild, b.initializer,
                b.jvmOptions, WorkerOptions.DEFAULT_PREFETCH, DeathPolicy.REPLACE_WORKER, new PoolFailures(), LOG));
        this.interruptTarget = engine::interruptFromUser;
        Interrupts.register(interruptTarget);
    }

    /** Keyword arguments of Python's constructor, one method each. */
    public static Builder builder() {
        return new Builder();
    }

    /** The number of worker JVMs. <b>Python:</b> {@code pool._processes}. */
    public int processes() {
        return processes;
    }

    /** How this pool starts its workers. <b>Python:</b> {@code pool._ctx.get_start_method()}. */
    public StartMethod startMethod() {
        return startMethod;
    }

    // ------------------------------------------------------------ apply

    /** Runs {@code fn} in a worker and waits for its result. <b>Python:</b> {@code pool.apply(fn)}. */
    public <R> R apply(Fn0<R> fn) {
        return applyAsync(fn).get();
    }

    /** <b>Python:</b> {@code pool.apply(fn, (a,))}. */
    public <A, R> R apply(Fn1<? super A, ? extends R> fn, A a) {
        return applyAsync(fn, a).get();
    }

    /** <b>Python:</b> {@code pool.apply(fn, (a, b))}. */
    public <A, B, R> R apply(Fn2<? super A, ? super B, ? extends R> fn, A a, B b) {
        return applyAsync(fn, a, b).get();
    }

    /** <b>Python:</b> {@code pool.apply(fn, (a, b, c))}. */
    public <A, B, C, R> R apply(Fn3<? super A, ? super B, ? super C, ? extends R> fn, A a, B b, C c) {
        return applyAsync(fn, a, b, c).get();
    }

    /** Runs {@code fn} in a worker and waits until it has run. <b>Python:</b> {@code pool.apply(fn)}. */
    public void apply(Action fn) {
        applyAsync(fn).get();
    }

    /**
     * Gives {@code fn} to a worker and returns at once. {@code fn} and what it captures are
     * serialized now; a value that cannot be sent fails the result, naming it.
     *
     * <p><b>Python:</b> {@code pool.apply_async(fn)}.
     *
     * @throws IllegalStateException after {@link #close()} or {@link #terminate()} (Python's
     *                               {@code ValueError("Pool not running")})
     */
    public <R> AsyncResult<R> applyAsync(Fn0<R> fn) {
        return applyAsync(fn, Callbacks.none());
    }

    /** <b>Python:</b> {@code pool.apply_async(fn, callback=..., error_callback=...)}. */
    public <R> AsyncResult<R> applyAsync(Fn0<R> fn, Callbacks<? super R> callbacks) {
        Objects.requireNonNull(fn, "fn must not be null: pass the task to run");
        return submitted(Call.of(fn), callbacks);
    }

    /** <b>Python:</b> {@code pool.apply_async(fn, (a,))}. */
    public <A, R> AsyncResult<R> applyAsync(Fn1<? super A, ? extends R> fn, A a) {
        return applyAsync(fn, a, Callbacks.none());
    }

    /** <b>Python:</b> {@code pool.apply_async(fn, (a,), callback=..., error_callback=...)}. */
    @SuppressWarnings("unchecked")
    public <A, R> AsyncResult<R> applyAsync(Fn1<? super A, ? extends R> fn, A a, Callbacks<? super R> callbacks) {
        Objects.requireNonNull(fn, "fn must not be null");
        return submitted(Call.of((Fn1<A, R>) fn, a), callbacks);
    }

    /** <b>Python:</b> {@code pool.apply_async(fn, (a, b))}. */
    @SuppressWarnings("unchecked")
    public <A, B, R> AsyncResult<R> applyAsync(Fn2<? super A, ? super B, ? extends R> fn, A a, B b) {
        Objects.requireNonNull(fn, "fn must not be null");
        return submitted(Call.of((Fn2<A, B, R>) fn, a, b), Callbacks.none());
    }

    /** <b>Python:</b> {@code pool.apply_async(fn, (a, b, c))}. */
    @SuppressWarnings("unchecked")
    public <A, B, C, R> AsyncResult<R> applyAsync(Fn3<? super A, ? super B, ? super C, ? extends R> fn, A a, B b, C c) {
        Objects.requireNonNull(fn, "fn must not be null");
        return submitted(Call.of((Fn3<A, B, C, R>) fn, a, b, c), Callbacks.none());
    }

    /** <b>Python:</b> {@code pool.apply_async(fn)} for a function that returns nothing. */
    public AsyncResult<Void> applyAsync(Action fn) {
        Objects.requireNonNull(fn, "fn must not be null");
        return submitted(Call.of(fn), Callbacks.none());
    }

    /**
     * Tells {@code observer} when each task submitted from now on is submitted, starts (in which
     * worker JVM: "pid 4711") and ends: a {@code io.pools4j.notebook.Timeline} draws them.
     * A task is one {@code apply}/{@code applyAsync} call, or one chunk of a map.
     *
     * <p><b>Python:</b> none; see {@link TaskObserver}.
     */
    @Override
    public void addTaskObserver(TaskObserver observer) {
        engine.observers().addTaskObserver(observer);
    }

    @Override
    public void removeTaskObserver(TaskObserver observer) {
        engine.observers().removeTaskObserver(observer);
    }

    private <R> AsyncResult<R> submitted(Fn0<R> task, Callbacks<? super R> callbacks) {
        Objects.requireNonNull(callbacks, "callbacks must not be null: use applyAsync(fn, ...) without them");
        AsyncResult<R> result = new AsyncResult<>("apply_async", callbacks);
        engine.submit("apply_async", task, result);
        return result;
    }

    // ------------------------------------------------------------ map and starmap

    /**
     * Applies {@code fn} to every item in workers, in chunks of Python's default size, and waits
     * for the whole list. Waits for every chunk even after one failed, then throws the first
     * exception.
     *
     * <p><b>Python:</b> {@code pool.map(fn, iterable)}.
     */
    public <A, R> List<R> map(Fn1<? super A, ? extends R> fn, Iterable<? extends A> items) {
        List<A> all = MapChunks.listOf(items);
        return this.<A, R>mapped("map", fn, all, MapChunks.defaultChunksize(all.size(), processes), Callbacks.none()).get();
    }

    /**
     * <b>Python:</b> {@code pool.map(fn, iterable, chunksize)}.
     *
     * @throws IllegalArgumentException if {@code chunksize < 1}
     */
    public <A, R> List<R> map(Fn1<? super A, ? extends R> fn, Iterable<? extends A> items, int chunksize) {
        return this.<A, R>mapped("map", fn, MapChunks.listOf(items), MapChunks.chunksize(chunksize), Callbacks.none()).get();
    }

    /** <b>Python:</b> {@code pool.map_async(fn, iterable)}. */
    public <A, R> AsyncResult<List<R>> mapAsync(Fn1<? super A, ? extends R> fn, Iterable<? extends A> items) {
        List<A> all = MapChunks.listOf(items);
        return this.<A, R>mapped("map_async", fn, all, MapChunks.defaultChunksize(all.size(), processes), Callbacks.none());
    }

    /** <b>Python:</b> {@code pool.map_async(fn, iterable, chunksize, callback=..., error_callback=...)}. */
    public <A, R> AsyncResult<List<R>> mapAsync(Fn1<? super A, ? extends R> fn, Iterable<? extends A> items,
                                                int chunksize, Callbacks<? super List<R>> callbacks) {
        return this.<A, R>mapped("map_async", fn, MapChunks.listOf(items), MapChunks.chunksize(chunksize), callbacks);
    }

    /**
     * Calls {@code fn} with the two values of each list, in workers, and waits for the results.
     *
     * <p><b>Python:</b> {@code pool.starmap(fn, [(a, b), ...])}; the tuples are lists here.
     *
     * @throws IllegalArgumentException if an item is not a list of two values (its position is named)
     */
    public <A, B, R> List<R> starmap(Fn2<? super A, ? super B, ? extends R> fn, Iterable<? extends List<?>> argLists) {
        return this.<A, B, R>starmapAsync(fn, argLists).get();
    }

    /** <b>Python:</b> {@code pool.starmap(fn, [(a, b, c), ...])}. */
    public <A, B, C, R> List<R> starmap(Fn3<? super A, ? super B, ? super C, ? extends R> fn,
                                        Iterable<? extends List<?>> argLists) {
        List<List<?>> all = MapChunks.argLists(argLists, 3);
        return mapped("starmap", MapChunks.<A, B, C, R>spread(fn), all, MapChunks.defaultChunksize(all.size(), processes),
                Callbacks.none()).get();
    }

    /** <b>Python:</b> {@code pool.starmap_async(fn, [(a, b), ...])}. */
    public <A, B, R> AsyncResult<List<R>> starmapAsync(Fn2<? super A, ? super B, ? extends R> fn,
                                                       Iterable<? extends List<?>> argLists) {
        List<List<?>> all = MapChunks.argLists(argLists, 2);
        return mapped("starmap_async", MapChunks.<A, B, R>spread(fn), all, MapChunks.defaultChunksize(all.size(), processes),
                Callbacks.none());
    }

    /** <b>Python:</b> {@code pool.starmap_async(fn, iterable, chunksize, callback=..., error_callback=...)}. */
    public <A, B, R> AsyncResult<List<R>> starmapAsync(Fn2<? super A, ? super B, ? extends R> fn,
                                                       Iterable<? extends List<?>> argLists, int chunksize,
                                                       Callbacks<? super List<R>> callbacks) {
        return mapped("starmap_async", MapChunks.<A, B, R>spread(fn), MapChunks.argLists(argLists, 2),
                MapChunks.chunksize(chunksize), callbacks);
    }

    private <A, R> AsyncResult<List<R>> mapped(String call, Fn1<? super A, ? extends R> fn, List<A> items,
                                               int chunksize, Callbacks<? super List<R>> callbacks) {
        Objects.requireNonNull(fn, "fn must not be null: pass the function to apply to each item");
        Objects.requireNonNull(callbacks, "callbacks must not be null");
        requireRunning(); // an empty input submits nothing, so the engine's own refusal would not come
        List<List<A>> chunks = MapChunks.split(items, chunksize);
        MapResult<R> result = new MapResult<>(call, chunks.size(), callbacks);
        for (int i = 0; i < chunks.size(); i++) {
            engine.submit(call + " chunk " + i, Chunk.of(fn, chunks.get(i)), result.part(i));
        }
        return result.whole();
    }

    // ------------------------------------------------------------ imap

    /** Results in input order, each as soon as it is there. <b>Python:</b> {@code pool.imap(fn, iterable)}. */
    public <A, R> IMapIterator<R> imap(Fn1<? super A, ? extends R> fn, Iterable<? extends A> items) {
        return imap(fn, items, 1);
    }

    /**
     * <b>Python:</b> {@code pool.imap(fn, iterable, chunksize)}.
     *
     * @throws IllegalArgumentException if {@code chunksize < 1}
     */
    public <A, R> IMapIterator<R> imap(Fn1<? super A, ? extends R> fn, Iterable<? extends A> items, int chunksize) {
        return iterated(IMapIterator.Order.INPUT, "imap", fn, items, chunksize);
    }

    /** Results in the order they end. <b>Python:</b> {@code pool.imap_unordered(fn, iterable)}. */
    public <A, R> IMapIterator<R> imapUnordered(Fn1<? super A, ? extends R> fn, Iterable<? extends A> items) {
        return imapUnordered(fn, items, 1);
    }

    /** <b>Python:</b> {@code pool.imap_unordered(fn, iterable, chunksize)}. */
    public <A, R> IMapIterator<R> imapUnordered(Fn1<? super A, ? extends R> fn, Iterable<? extends A> items,
                                                int chunksize) {
        return iterated(IMapIterator.Order.COMPLETION, "imap_unordered", fn, items, chunksize);
    }

    /**
     * Sends the chunks as a thread reads the input (which may be endless), so that results come
     * while the input is still being read.
     */
    private <A, R> IMapIterator<R> iterated(IMapIterator.Order order, String call, Fn1<? super A, ? extends R> fn,
                                            Iterable<? extends A> items, int chunksize) {
        Objects.requireNonNull(fn, "fn must not be null: pass the function to apply to each item");
        Objects.requireNonNull(items, "items must not be null");
        int size = MapChunks.chunksize(chunksize);
        requireRunning();
        return IMapIterator.<A, R>start(order, call, name + "-" + call, items, size, Math.max(IMAP_READ_AHEAD,
                processes * 64), (chunk, completion) -> engine.submit("imap chunk", Chunk.of(fn, chunk), completion));
    }

    // ------------------------------------------------------------ the end

    /**
     * Takes no more work, waits until the work given so far has run, then ends the workers.
     * Idempotent. This is what the end of a try-with-resources block calls.
     *
     * <p><b>Python:</b> {@code pool.close()} followed by {@code pool.join()}.
     *
     * <p><b>Differences from Python:</b> Python's {@code close()} returns at once and
     * {@code join()} waits; here {@code close()} waits, and {@link #join()} after it returns at once.
     */
    @Override
    public void close() {
        awaitEnd(endWith(State.CLOSE));
    }

    /**
     * Stops at once: queued tasks are cancelled, the workers running tasks are ended (SIGTERM)
     * and those tasks fail with a {@link ProcessException}. Idempotent.
     *
     * <p><b>Python:</b> {@code pool.terminate()}, which is also what {@code with Pool()} calls
     * on exit (its unfinished tasks' {@code get()} then waits for ever; here they fail).
     */
    public void terminate() {
        CompletableFuture<Void> ended = endWith(State.TERMINATE);
        if (engine.anyWorkerStarted()) {
            engine.signalWorkers(PoolEngine.Signal.TERMINATE);
        }
        awaitEnd(ended);
    }

    /**
     * Waits until every worker has ended, after {@link #close()} or {@link #terminate()}.
     *
     * <p><b>Python:</b> {@code pool.join()}.
     *
     * @throws IllegalStateException if neither was called (Python's {@code ValueError("Pool is still running")})
     */
    public void join() {
        CompletableFuture<Void> ended;
        synchronized (this) {
            if (state == State.RUN) {
                throw new IllegalStateException("Pool is still running: call close() (waits for the work) "
                        + "or terminate() (stops it) first");
            }
            ended = end;
        }
        awaitEnd(ended);
    }

    private synchronized CompletableFuture<Void> endWith(State next) {
        if (state == State.RUN || (state == State.CLOSE && next == State.TERMINATE)) {
            state = next;
            end = engine.shutdown(next == State.TERMINATE ? PoolEngine.Queued.CANCEL : PoolEngine.Queued.RUN);
            Interrupts.unregister(interruptTarget);
        }
        return end;
    }

    private synchronized void requireRunning() {
        if (state != State.RUN) {
            throw PoolFailures.notRunning();
        }
    }

    private static void awaitEnd(CompletableFuture<Void> ended) {
        try {
            ended.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the stop button: stop waiting, the workers still end
        } catch (ExecutionException e) {
            throw new IllegalStateException("ending the worker JVMs failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public synchronized String toString() {
        return "<Pool " + name + " state=" + state + " processes=" + processes + " startMethod="
                + startMethod.pythonName() + " " + engine.describe() + ">";
    }

    /**
     * The keyword arguments of Python's constructor.
     *
     * <p><b>Python:</b> {@code Pool(processes=..., initializer=..., initargs=...,
     * maxtasksperchild=..., context=...)}.
     */
    public static final class Builder {
        private int processes = Multiprocessing.cpuCount();
        private Optional<Fn0<?>> initializer = Optional.empty();
        /** 0: no limit (Python's None). */
        private int maxTasksPerChild;
        /** Empty: the program-wide context, {@link Multiprocessing#getContext()}. */
        private Optional<Context> context = Optional.empty();
        private List<String> jvmOptions = List.of();

        private Builder() {}

        /** @throws IllegalArgumentException if {@code processes < 1} */
        public Builder processes(int processes) {
            this.processes = PoolArguments.processes(processes);
            return this;
        }

        /** Run once in each worker before its first task; if it throws, the pool is broken. */
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
         * A worker ends after this many tasks and a new one takes its place.
         * <b>Python:</b> {@code maxtasksperchild}.
         *
         * @throws IllegalArgumentException if {@code n < 1}
         */
        public Builder maxTasksPerChild(int n) {
            this.maxTasksPerChild = PoolArguments.maxTasksPerChild(n);
            return this;
        }

        /** How workers start. <b>Python:</b> {@code context=multiprocessing.get_context(...)}. */
        public Builder context(Context context) {
            this.context = Optional.of(Objects.requireNonNull(context, "context must not be null"));
            return this;
        }

        /** {@link #context} by start method: {@code startMethod(StartMethod.SPAWN)}. */
        public Builder startMethod(StartMethod method) {
            return context(Multiprocessing.getContext(PoolArguments.startMethod(method)));
        }

        /**
         * Options of every worker JVM of this pool, before its main class: heap size
         * ({@code -Xmx512m}), system properties ({@code -Dname=value}), agents
         * ({@code -javaagent:agent.jar}), any other JVM option, one option per argument. They come
         * after pools4j's own flags, so they win where the two overlap. Replaces the options given
         * before.
         *
         * <p>A pool with JVM options starts its own workers: without a {@link #context} it uses
         * {@link StartMethod#SPAWN} whatever the program-wide start method, and a FORKSERVER
         * context is refused, since the forkserver's standbys were started ahead of any pool with
         * the default options and a running JVM cannot take others. Its workers use the start-up
         * cache if every option lets the JVM use it ({@code -D}, heap and stack sizes below 32 GB,
         * {@code -ea}, the serial, parallel or G1 collector), else they start without it.
         *
         * <p><b>Python:</b> none; the nearest is {@code multiprocessing.set_executable} with an
         * interpreter of other flags.
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
         * @throws IllegalArgumentException for a FORKSERVER context with
         *                                  {@link #jvmOptions(String...) jvmOptions}
         */
        public Pool build() {
            return new Pool(this);
        }
    }
}
