package io.pools4j.multiprocessing;

import io.pools4j.futures.Future;
import io.pools4j.futures.FutureTimeoutException;
import io.pools4j.worker.pool.Completion;
import io.pools4j.worker.pool.SentTask;
import java.time.Duration;
import java.util.concurrent.CancellationException;

/**
 * The result of a task given to a {@link Pool} without waiting for it
 * ({@link Pool#applyAsync}, {@link Pool#mapAsync}, {@link Pool#starmapAsync}).
 *
 * <p><b>Python:</b> {@code multiprocessing.pool.AsyncResult} ({@code ApplyResult},
 * {@code MapResult}): {@code get(timeout)}, {@code wait(timeout)}, {@code ready()},
 * {@code successful()}.
 *
 * <p><b>Differences from Python:</b> Python's {@code wait()} is {@link #await()} here: every Java
 * object already has a {@code wait()} ({@code Object.wait}), and {@code task.wait()} typed as in
 * Python compiles but fails with {@code IllegalMonitorStateException}. {@code get()} throws the
 * task's own exception, checked ones included, as Python re-raises it; the worker's stack trace
 * is its cause.
 *
 * <p>Memory consistency: what the callbacks did happens-before {@link #get()} returns.
 *
 * @param <R> the result type
 */
public class AsyncResult<R> implements Completion<R> {

    /** Holds the state: waiting, the result or exception, the stop button's cancel. */
    private final Future<R> future = new Future<>();
    private final Callbacks<? super R> callbacks;
    /** Python's name of the call, for messages: {@code apply_async}, {@code map_async}. */
    private final String call;

    AsyncResult(String call, Callbacks<? super R> callbacks) {
        this.call = call;
        this.callbacks = callbacks;
    }

    /**
     * Waits for the task and returns its result, or throws its exception.
     *
     * <p><b>Python:</b> {@code AsyncResult.get()}.
     *
     * @throws CancellationException if the stop button cancelled the task before it ran
     */
    public R get() {
        return future.result();
    }

    /**
     * Waits at most {@code timeout} for the result.
     *
     * <p><b>Python:</b> {@code AsyncResult.get(timeout)}.
     *
     * @throws MultiprocessingTimeoutException if the task has not ended in time (it goes on)
     */
    public R get(Duration timeout) {
        try {
            return future.result(timeout);
        } catch (FutureTimeoutException e) {
            throw new MultiprocessingTimeoutException("the result of " + call, e.timeout());
        }
    }

    /** {@link #get(Duration)} with the timeout in seconds, as Python writes it. */
    public R get(double timeoutSeconds) {
        try {
            return future.result(timeoutSeconds);
        } catch (FutureTimeoutException e) {
            throw new MultiprocessingTimeoutException("the result of " + call, e.timeout());
        }
    }

    /**
     * Waits until the result is ready; throws nothing for a task that failed.
     *
     * <p><b>Python:</b> {@code AsyncResult.wait()} (renamed: {@code wait()} is {@code Object.wait}).
     */
    public void await() {
        await((Duration) null);
    }

    /**
     * Waits at most {@code timeout} until the result is ready, and returns either way (check
     * {@link #ready()}).
     *
     * <p><b>Python:</b> {@code AsyncResult.wait(timeout)}.
     *
     * @param timeout how long to wait; {@code null} waits for ever
     */
    public void await(Duration timeout) {
        try {
            future.exception(timeout);
        } catch (FutureTimeoutException | CancellationException e) {
            // Python's wait() returns None in both cases: ready() tells which.
        }
    }

    /** {@link #await(Duration)} with the timeout in seconds. */
    public void await(double timeoutSeconds) {
        try {
            future.exception(timeoutSeconds);
        } catch (FutureTimeoutException | CancellationException e) {
            // as await(Duration)
        }
    }

    /** Whether the task has ended (or was cancelled). <b>Python:</b> {@code AsyncResult.ready()}. */
    public boolean ready() {
        return future.done();
    }

    /**
     * Whether the task ended without an exception.
     *
     * <p><b>Python:</b> {@code AsyncResult.successful()}.
     *
     * @throws IllegalStateException if the task has not ended yet (Python's {@code ValueError})
     */
    public boolean successful() {
        if (!ready()) {
            throw new IllegalStateException(this + " is not ready; call await() or get() first, or check ready()");
        }
        return !future.cancelled() && future.exception() == null;
    }

    // ------------------------------------------------------------ the pool engine's side

    @Override
    public boolean setRunningOrNotifyCancel() {
        return future.setRunningOrNotifyCancel();
    }

    @Override
    public boolean setSentOrNotifyCancel(SentTask sent) {
        return future.setSentOrNotifyCancel(sent);
    }

    @Override
    public void setRunning() {
        future.setRunning();
    }

    @Override
    public void setDropped() {
        future.setDropped();
    }

    /** Runs the callback, then makes the result ready (Python's order). */
    @Override
    public void setResult(R value) {
        callbacks.onResult(value);
        future.setResult(value);
    }

    /** Runs the error callback, then makes the result ready with the exception. */
    @Override
    public void setException(Throwable error) {
        callbacks.onError(error);
        future.setException(error);
    }

    @Override
    public boolean cancel() {
        return future.cancel();
    }

    @Override
    public String toString() {
        String state = !future.done() ? "pending" : future.cancelled() ? "cancelled"
                : future.exception() == null ? "ready" : "failed";
        return "<AsyncResult of " + call + " " + state + ">";
    }
}
