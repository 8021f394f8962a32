package io.pools4j.futures;

import io.pools4j.worker.pool.Completion;
import io.pools4j.worker.pool.SentTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The pending result of a task handed to an {@link Executor}: ask whether it is done, wait for
 * its result, cancel it before it starts, or be called back when it ends.
 *
 * <p><b>Python:</b> {@code concurrent.futures.Future}. {@code cancel()}, {@code cancelled()},
 * {@code running()}, {@code done()}, {@code result(timeout)}, {@code exception(timeout)},
 * {@code addDoneCallback(fn)}, and for executors {@code setRunningOrNotifyCancel()},
 * {@code setResult(v)}, {@code setException(e)}.
 *
 * <p><b>Differences from Python:</b> timeouts are a {@link Duration} or seconds as a
 * {@code double}; {@link #result()} throws the task's own exception even when it is a checked
 * one (as Python raises it), so catch {@code Exception} around it; the JDK's {@link #get()}
 * wraps it in {@link ExecutionException} instead, as {@link java.util.concurrent.Future}
 * specifies. {@link #toCompletableFuture()} bridges to the JDK's composition API. Its executor
 * side is the pool engine's {@link Completion}, so that process pools complete it directly.
 *
 * <pre>{@code
 * try (var ex = new ThreadPoolExecutor(1)) {
 *     Future<BigInteger> f = ex.submit(BigInteger::pow, BigInteger.valueOf(323), 1235);
 *     f.result();   // Python: future.result()
 * }
 * }</pre>
 *
 * @param <T> the result type
 */
public class Future<T> implements java.util.concurrent.Future<T>, Completion<T> {

    /*
     * Implementation overview.
     *
     * Possible state transitions (Python's _base.py, same names):
     *   PENDING -> RUNNING -> FINISHED                      (setRunningOrNotifyCancel, setResult/setException)
     *   PENDING -> FINISHED                                 (setResult/setException without running, e.g. a broken pool)
     *   PENDING -> CANCELLED -> CANCELLED_AND_NOTIFIED      (cancel, then the executor sees it)
     *   PENDING -> CANCELLED_AND_NOTIFIED                   (a process pool's worker dropped it: setDropped)
     * A CANCELLED future is done() but Futures.wait/asCompleted only count it once its executor
     * has noticed (CANCELLED_AND_NOTIFIED), exactly as CPython does.
     *
     * A process pool sends tasks to a worker ahead of their start (setSentOrNotifyCancel); such a
     * future stays PENDING, and cancel() asks the pool (`sent`) to have the worker drop it, outside
     * the lock: the answer is setDropped (cancelled) or setRunning (too late), so cancel() returns
     * true only for a task that will never run. The exchange is drawn in io.pools4j.worker.WireDescriptor.
     *
     * All fields below are guarded by `lock`; callbacks and waiters run outside it.
     */

    /** The five states of CPython's futures, guarded by {@link #lock}. */
    enum State { PENDING, RUNNING, CANCELLED, CANCELLED_AND_NOTIFIED, FINISHED }

    private static final Logger LOG = Logger.getLogger("io.pools4j.futures");
    /** The task waits in its executor's queue, where a cancel only marks the future (the executor drops it). */
    private static final SentTask IN_QUEUE = () -> {
        throw new IllegalStateException("a queued task is cancelled in its future, not through its executor");
    };

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private State state = State.PENDING;
    /** While PENDING: how to cancel the task where its executor sent it; {@link #IN_QUEUE} while it is queued. */
    private SentTask sent = IN_QUEUE;
    private T value;
    private Throwable failure;
    private final List<Consumer<? super Future<T>>> callbacks = new ArrayList<>();
    /** Waiters of Futures.wait/asCompleted, told when this future counts as done for them. */
    private final List<Consumer<Future<?>>> waiters = new ArrayList<>();

    /** Creates a pending future; executors create them, tests may too. */
    public Future() {}

    // ---------------------------------------------------------------- queries

    /**
     * Cancels the task if it has not started.
     *
     * <p><b>Python:</b> {@code Future.cancel()}.
     *
     * <p><b>Differences from Python:</b> a {@link ProcessPoolExecutor} task that was sent to a
     * worker ahead of its start is still cancelled (Python's cannot be): this call then waits for
     * the worker's answer, one round trip (tens of microseconds). Called from a done-callback,
     * which runs on a worker's reader thread and must not wait for a worker, it returns
     * {@code false} for such a task.
     *
     * @return {@code false} if the task is running or done, {@code true} if it is (now) cancelled
     *     and will never run
     */
    @Override
    public boolean cancel() {
        SentTask where;
        lock.lock();
        try {
            if (state == State.RUNNING || state == State.FINISHED) {
                return false;
            }
            if (state == State.CANCELLED || state == State.CANCELLED_AND_NOTIFIED) {
                return true;
            }
            where = sent;
            if (where == IN_QUEUE) {
                state = State.CANCELLED;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
        if (where != IN_QUEUE) {
            return where.cancel(); // true only after setDropped
        }
        invokeCallbacks();
        return true;
    }

    /** <b>Python:</b> {@code Future.cancelled()}: whether the future was cancelled. */
    public boolean cancelled() {
        State s = pyState();
        return s == State.CANCELLED || s == State.CANCELLED_AND_NOTIFIED;
    }

    /** <b>Python:</b> {@code Future.running()}: whether the task is running now. */
    public boolean running() {
        return pyState() == State.RUNNING;
    }

    /** <b>Python:</b> {@code Future.done()}: whether the task finished or was cancelled. */
    public boolean done() {
        State s = pyState();
        return s == State.FINISHED || s == State.CANCELLED || s == State.CANCELLED_AND_NOTIFIED;
    }

    /**
     * Waits for the task and returns its result, or throws the task's own exception.
     *
     * <p><b>Python:</b> {@code Future.result()}.
     *
     * @throws CancellationException if the future was cancelled (Python's {@code CancelledError})
     */
    public T result() {
        return result((Duration) null);
    }

    /**
     * Waits at most {@code timeout} for the task and returns its result, or throws the task's
     * own exception.
     *
     * <p><b>Python:</b> {@code Future.result(timeout)}.
     *
     * @param timeout how long to wait; {@code null} waits for ever (Python's {@code None})
     * @throws FutureTimeoutException if the task is not done in time
     * @throws CancellationException  if the future was cancelled
     */
    public T result(Duration timeout) {
        awaitDone(timeout, "result");
        lock.lock();
        try {
            if (failure != null) {
                throw Throwables.<RuntimeException>sneaky(failure);
            }
            return value;
        } finally {
            lock.unlock();
        }
    }

    /** {@link #result(Duration)} with the timeout in seconds, as Python writes it. */
    public T result(double timeoutSeconds) {
        return result(Timeouts.seconds(timeoutSeconds));
    }

    /**
     * Waits for the task and returns the exception it threw, or {@code null} if it succeeded.
     *
     * <p><b>Python:</b> {@code Future.exception()}.
     *
     * @throws CancellationException if the future was cancelled
     */
    public Throwable exception() {
        return exception((Duration) null);
    }

    /**
     * Waits at most {@code timeout} and returns the task's exception, or {@code null}.
     *
     * <p><b>Python:</b> {@code Future.exception(timeout)}.
     *
     * @param timeout how long to wait; {@code null} waits for ever
     * @throws FutureTimeoutException if the task is not done in time
     * @throws CancellationException  if the future was cancelled
     */
    public Throwable exception(Duration timeout) {
        awaitDone(timeout, "exception");
        lock.lock();
        try {
            return failure;
        } finally {
            lock.unlock();
        }
    }

    /** {@link #exception(Duration)} with the timeout in seconds. */
    public Throwable exception(double timeoutSeconds) {
        return exception(Timeouts.seconds(timeoutSeconds));
    }

    /**
     * Calls {@code fn} with this future when it is done (finished or cancelled); at once, in
     * this thread, if it already is. Otherwise it runs in the thread that completes the future.
     * A callback that throws is logged and does not keep the others from running.
     *
     * <p><b>Python:</b> {@code Future.add_done_callback(fn)}.
     */
    public void addDoneCallback(Consumer<? super Future<T>> fn) {
        if (fn == null) {
            throw new NullPointerException("fn must not be null: pass the callback to run when the future is done");
        }
        lock.lock();
        try {
            if (!done()) {
                callbacks.add(fn);
                return;
            }
        } finally {
            lock.unlock();
        }
        runCallback(fn);
    }

    /**
     * A {@link CompletableFuture} completed with this future's outcome; cancelling it cancels
     * this future (if it has not started).
     */
    public CompletableFuture<T> toCompletableFuture() {
        CompletableFuture<T> bridge = new CompletableFuture<>();
        bridge.whenComplete((v, e) -> {
            if (bridge.isCancelled()) {
                cancel();
            }
        });
        addDoneCallback(f -> {
            lock.lock();
            State s;
            T v;
            Throwable e;
            try {
                s = state;
                v = value;
                e = failure;
            } finally {
                lock.unlock();
            }
            if (s != State.FINISHED) {
                bridge.cancel(false);
            } else if (e != null) {
                bridge.completeExceptionally(e);
            } else {
                bridge.complete(v);
            }
        });
        return bridge;
    }

    // ---------------------------------------------------------------- executor side

    /**
     * Marks the future running, or acknowledges its cancellation. An executor calls it once,
     * just before it would run the task.
     *
     * <p><b>Python:</b> {@code Future.set_running_or_notify_cancel()}.
     *
     * @return {@code true} if the task should run; {@code false} if it was cancelled (the
     *     future then counts as done for {@link Futures#wait} and {@link Futures#asCompleted})
     * @throws IllegalStateException if the future is already running or finished
     */
    @Override
    public boolean setRunningOrNotifyCancel() {
        List<Consumer<Future<?>>> toNotify;
        lock.lock();
        try {
            switch (state) {
                case PENDING -> {
                    state = State.RUNNING;
                    changed.signalAll();
                    return true;
                }
                case CANCELLED -> {
                    state = State.CANCELLED_AND_NOTIFIED;
                    toNotify = List.copyOf(waiters);
                }
                default -> {
                    LOG.severe("Future " + this + " in unexpected state");
                    throw new IllegalStateException("Future in unexpected state: " + this
                            + "; setRunningOrNotifyCancel() may be called once, before setResult/setException");
                }
            }
        } finally {
            lock.unlock();
        }
        toNotify.forEach(w -> w.accept(this));
        return false;
    }

    /**
     * The executor sent the task to a worker, where it waits to start: the future stays pending,
     * and {@link #cancel()} asks {@code sent} from now on.
     *
     * @return {@code true} if it goes; {@code false} if it was cancelled while queued (now acknowledged)
     */
    @Override
    public boolean setSentOrNotifyCancel(SentTask sent) {
        lock.lock();
        try {
            if (state == State.PENDING) {
                this.sent = sent;
                return true;
            }
        } finally {
            lock.unlock();
        }
        return setRunningOrNotifyCancel();
    }

    /** The worker started the task sent to it: the future is running. */
    @Override
    public void setRunning() {
        lock.lock();
        try {
            if (state == State.PENDING) {
                state = State.RUNNING;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The executor dropped the task after it left the queue: cancelled, and the executor knows. */
    @Override
    public void setDropped() {
        end(State.CANCELLED_AND_NOTIFIED, null, null);
    }

    /**
     * Completes the future with {@code result}.
     *
     * <p><b>Python:</b> {@code Future.set_result(result)}.
     *
     * @throws InvalidStateException if the future is already done or cancelled
     */
    @Override
    public void setResult(T result) {
        complete(result, null);
    }

    /**
     * Completes the future with the exception {@code exception}.
     *
     * <p><b>Python:</b> {@code Future.set_exception(exception)}.
     *
     * @throws InvalidStateException if the future is already done or cancelled
     */
    @Override
    public void setException(Throwable exception) {
        if (exception == null) {
            throw new NullPointerException("exception must not be null: use setResult(null) for a task that returned null");
        }
        complete(null, exception);
    }

    private void complete(T result, Throwable exception) {
        end(State.FINISHED, result, exception);
    }

    /**
     * Ends the future in {@code end}: FINISHED from PENDING or RUNNING, CANCELLED_AND_NOTIFIED (a
     * dropped task) from PENDING only; then tells the waiters and runs the callbacks.
     */
    private void end(State end, T result, Throwable exception) {
        List<Consumer<Future<?>>> toNotify;
        lock.lock();
        try {
            if (state != State.PENDING && (end != State.FINISHED || state != State.RUNNING)) {
                throw new InvalidStateException(state + ": " + this + (end == State.FINISHED ? ""
                        : "; only a pending task can be dropped"));
            }
            value = result;
            failure = exception;
            state = end;
            changed.signalAll();
            toNotify = List.copyOf(waiters);
        } finally {
            lock.unlock();
        }
        toNotify.forEach(w -> w.accept(this));
        invokeCallbacks();
    }

    // ---------------------------------------------------------------- java.util.concurrent.Future

    /** JDK view of {@link #cancel()}: the flag is ignored, a running task is never interrupted. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return cancel();
    }

    @Override
    public boolean isCancelled() {
        return cancelled();
    }

    @Override
    public boolean isDone() {
        return done();
    }

    /** JDK view of {@link #result()}: the task's exception comes wrapped in {@link ExecutionException}. */
    @Override
    public T get() throws InterruptedException, ExecutionException {
        try {
            return get(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("an unbounded wait cannot time out", e);
        }
    }

    /** JDK view of {@link #result(Duration)}: checked exceptions, as the JDK interface says. */
    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (!done()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("future not done after " + timeout + " " + unit + ": " + this);
                }
                changed.awaitNanos(left);
            }
            if (cancelled()) {
                throw new CancellationException("the future was cancelled: " + this);
            }
            if (failure != null) {
                throw new ExecutionException(failure);
            }
            return value;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- internals

    /**
     * Python's repr: {@code <Future at 0x1b6d3586 state=finished returned Integer>}.
     */
    @Override
    public String toString() {
        lock.lock();
        try {
            String at = "<Future at 0x" + Integer.toHexString(System.identityHashCode(this)) + " state=";
            return switch (state) {
                case PENDING -> at + "pending>";
                case RUNNING -> at + "running>";
                case CANCELLED, CANCELLED_AND_NOTIFIED -> at + "cancelled>";
                case FINISHED -> failure != null
                        ? at + "finished raised " + failure.getClass().getSimpleName() + ">"
                        : at + "finished returned " + (value == null ? "null" : value.getClass().getSimpleName()) + ">";
            };
        } finally {
            lock.unlock();
        }
    }

    State pyState() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@link Futures#wait} and {@link Futures#asCompleted} count this future as done. */
    boolean finishedOrNotifiedCancel() {
        State s = pyState();
        return s == State.FINISHED || s == State.CANCELLED_AND_NOTIFIED;
    }

    /** Whether the future finished by throwing. */
    boolean finishedWithException() {
        lock.lock();
        try {
            return state == State.FINISHED && failure != null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds a waiter, atomically with the check that this future is not yet counted as done.
     *
     * @return {@code false} if the future already counts as done (the waiter is not added)
     */
    boolean addWaiterIfNotDone(Consumer<Future<?>> waiter) {
        lock.lock();
        try {
            if (state == State.FINISHED || state == State.CANCELLED_AND_NOTIFIED) {
                return false;
            }
            waiters.add(waiter);
            return true;
        } finally {
            lock.unlock();
        }
    }

    void removeWaiter(Consumer<Future<?>> waiter) {
        lock.lock();
        try {
            waiters.remove(waiter);
        } finally {
            lock.unlock();
        }
    }

    private void awaitDone(Duration timeout, String what) {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!done()) {
                if (timeout == null) {
                    changed.await();
                    continue;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new FutureTimeoutException(what + "() timed out after " + Timeouts.describe(timeout)
                            + ": the task is still " + state.name().toLowerCase() + " (" + this
                            + "); wait longer, or cancel() it if it has not started", timeout);
                }
                changed.awaitNanos(left);
            }
            if (state == State.CANCELLED || state == State.CANCELLED_AND_NOTIFIED) {
                throw new CancellationException("the future was cancelled before it ran: " + this);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for " + what + "() of " + this);
        } finally {
            lock.unlock();
        }
    }

    private void invokeCallbacks() {
        List<Consumer<? super Future<T>>> toRun;
        lock.lock();
        try {
            toRun = List.copyOf(callbacks);
            callbacks.clear();
        } finally {
            lock.unlock();
        }
        toRun.forEach(this::runCallback);
    }

    private void runCallback(Consumer<? super Future<T>> fn) {
        try {
            fn.accept(this);
        } catch (RuntimeException | Error e) {
            // Python logs "exception calling callback for <Future>" and goes on with the next one.
            LOG.log(Level.SEVERE, "exception calling callback for " + this, e);
        }
    }
}
