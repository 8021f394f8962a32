package io.pools4j.futures;

import io.pools4j.fn.Fn0;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A task of a {@link ProcessPoolExecutor} and its future, from submit until its outcome is known.
 *
 * <p><b>CPython:</b> {@code process.py}'s {@code _WorkItem} (future, fn, args), with the id that
 * {@code _CallItem} and {@code _ResultItem} carry.
 *
 * <p>An item can be answered from two sides at once (its worker's reply, and the pool breaking
 * or being interrupted), so the first answer wins and later ones are dropped ({@link #settled}).
 */
final class ProcessWorkItem<R> {

    final long id;
    final Future<R> future;
    final Fn0<R> fn;
    private final AtomicBoolean settled = new AtomicBoolean();

    ProcessWorkItem(long id, Future<R> future, Fn0<R> fn) {
        this.id = id;
        this.future = future;
        this.fn = fn;
    }

    /** Completes the (running) future with the worker's result, unless it was answered already. */
    @SuppressWarnings("unchecked")
    void settleResult(Object value) {
        if (settled.compareAndSet(false, true)) {
            future.setResult((R) value);
        }
    }

    /** Fails the (running) future, unless it was answered already. */
    void settleException(Throwable error) {
        if (settled.compareAndSet(false, true)) {
            future.setException(error);
        }
    }

    /** Fails an item that was never dispatched; a cancelled one is only acknowledged. */
    void failPending(Throwable error) {
        if (future.setRunningOrNotifyCancel()) {
            settleException(error);
        }
    }

    /** Cancels an item that was never dispatched and acknowledges it, as CPython's manager does. */
    boolean cancelPending() {
        boolean cancelled = future.cancel();
        future.setRunningOrNotifyCancel();
        return cancelled;
    }
}
