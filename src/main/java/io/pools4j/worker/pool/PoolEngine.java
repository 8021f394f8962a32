package io.pools4j.worker.pool;

import io.pools4j.fn.Fn0;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A pool of worker JVMs that runs tasks and completes each task's {@link Completion}: the engine
 * under {@code io.pools4j.futures.ProcessPoolExecutor} and {@code multiprocessing.Pool}. Workers
 * start on demand from a {@link WorkerSource} (SPAWN or a FORKSERVER standby), up to maxWorkers,
 * are fed several tasks ahead when tasks are short ({@link ServiceTime}), retire after
 * maxTasksPerChild tasks, and a worker's unasked death is answered by the {@link DeathPolicy}.
 *
 * <p><b>CPython:</b> what {@code ProcessPoolExecutor} and {@code multiprocessing.pool.Pool} each
 * build for themselves: a task queue, a manager (result handler) thread, process management.
 *
 * <p>The actors, each a class of its own, sharing {@link PoolState} and its lock:
 * <ul>
 *   <li>this class: the queue ({@link #submit}) and the owner's other calls;</li>
 *   <li>{@link Dispatcher}: the manager thread, which moves tasks to workers and their answers
 *       to the completions;</li>
 *   <li>{@link Growth}: workers started, made the pool's, retired, and replaced or mourned when
 *       they die;</li>
 *   <li>{@link Stopper}: shutdown, the stop button, terminate/kill, breaking the pool, the end.</li>
 * </ul>
 * Tasks a worker holds are in one table only, its {@code WorkerHandle}'s, which answers each
 * exactly once (a result, an exception, or the worker's death).
 */
public final class PoolEngine {

    /** What {@link #shutdown} does with tasks not yet given to a worker. */
    public enum Queued {
        /** They run before the pool ends (Python's {@code cancel_futures=False}). */
        RUN,
        /** They are cancelled (Python's {@code cancel_futures=True}). */
        CANCEL
    }

    /** The signal {@link #signalWorkers} sends. */
    public enum Signal {
        /** SIGTERM: Python's {@code terminate_workers()}. */
        TERMINATE,
        /** SIGKILL: Python's {@code kill_workers()}. */
        KILL
    }

    private final PoolState state;
    private final Growth growth;
    private final Stopper stopper;
    private final TaskObservers observers = new TaskObservers();
    /** How many tasks were submitted: the next one's number for observers. Guarded by state.lock. */
    private long submitted;

    /** Starts the pool's manager thread; no worker starts before the first task. */
    public PoolEngine(PoolSettings settings) {
        this.state = new PoolState(settings);
        WorkerSource source = WorkerSource.of(settings);
        this.stopper = new Stopper(state, source);
        this.growth = new Growth(state, source, stopper);
        new Dispatcher(state, growth, stopper).start();
    }

    /**
     * Queues {@code fn}; {@code completion} receives its outcome.
     *
     * @throws RuntimeException the owner's {@link PoolErrors#broken} once the pool is broken, or
     *                          its {@link PoolErrors#rejected} after {@link #shutdown}
     */
    public <R> void submit(Fn0<R> fn, Completion<R> completion) {
        submit("task", fn, completion);
    }

    /**
     * {@link #submit(Fn0, Completion)} with the label observers see for this task
     * ({@code "submit"}, {@code "apply_async"}, {@code "map chunk 3"}).
     */
    public <R> void submit(String label, Fn0<R> fn, Completion<R> completion) {
        Objects.requireNonNull(fn, "fn must not be null: pass the task to run");
        Objects.requireNonNull(completion, "completion must not be null");
        state.lock.lock();
        try {
            if (state.broken != null) {
                throw state.settings.errors().broken(state.broken);
            }
            if (state.shutdown) {
                throw state.settings.errors().rejected();
            }
            state.pending.add(new WorkItem<>(state.ids.incrementAndGet(), submitted++, label, completion, fn, observers));
            state.wake.signal();
        } finally {
            state.lock.unlock();
        }
    }

    /**
     * Takes no more tasks; the queued ones run, or are cancelled. Returns a future that completes
     * once every worker JVM has ended.
     */
    public CompletableFuture<Void> shutdown(Queued queued) {
        return stopper.shutdown(queued);
    }

    /** Who hears about this pool's tasks: what the pool's owner exposes as {@code addTaskObserver}. */
    public TaskObservers observers() {
        return observers;
    }

    /** Python 3.14's terminate_workers/kill_workers, after {@link #shutdown}: signals every live worker. */
    public void signalWorkers(Signal signal) {
        stopper.signalWorkers(signal);
    }

    /**
     * The stop button: cancels what is queued, kills the workers running tasks (those fail with
     * {@link PoolErrors#interrupted}), and the pool goes on. Returns how many tasks were stopped.
     */
    public int interruptFromUser() {
        return stopper.interruptFromUser();
    }

    /** Whether any worker JVM has joined this pool. */
    public boolean anyWorkerStarted() {
        state.lock.lock();
        try {
            return growth.anyWorkerStarted();
        } finally {
            state.lock.unlock();
        }
    }

    /** For toString: {@code workers=2 queued=0 running} (or {@code broken}, {@code shut down}). */
    public String describe() {
        state.lock.lock();
        try {
            String how = state.broken != null ? "broken" : state.shutdown ? "shut down" : "running";
            return "workers=" + state.slots.size() + " queued=" + state.pending.size() + " " + how;
        } finally {
            state.lock.unlock();
        }
    }
}
