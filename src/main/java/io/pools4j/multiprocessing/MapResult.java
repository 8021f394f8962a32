package io.pools4j.multiprocessing;

import io.pools4j.worker.pool.Completion;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * The chunks of one {@code map}/{@code starmap} call, gathered into one {@link AsyncResult} of
 * the whole list: ready when every chunk has ended (no fail-fast, as Python's), with the results
 * in input order, or the first exception a chunk ended with.
 *
 * <p><b>CPython:</b> {@code multiprocessing.pool.MapResult}.
 *
 * @param <R> the result type of one item
 */
final class MapResult<R> {

    private final AsyncResult<List<R>> whole;
    /** The results of each chunk, by chunk index; guarded by this. */
    private final List<List<R>> parts;
    /** Chunks not ended yet; guarded by this. */
    private int remaining;
    /** The exception of the first chunk that failed, by time; guarded by this. */
    private Throwable firstError;

    MapResult(String call, int chunks, Callbacks<? super List<R>> callbacks) {
        this.whole = new AsyncResult<>(call, callbacks);
        this.parts = new ArrayList<>(java.util.Collections.nCopies(chunks, null));
        this.remaining = chunks;
        if (chunks == 0) {
            finish(); // Python: an empty input is ready at once with []
        }
    }

    AsyncResult<List<R>> whole() {
        return whole;
    }

    /** The completion of chunk {@code index}, for the pool engine. */
    Completion<List<R>> part(int index) {
        return new Part(index);
    }

    private void partEnded(int index, List<R> values, Throwable error) {
        synchronized (this) {
            parts.set(index, values);
            if (error != null && firstError == null) {
                firstError = error;
            }
            if (--remaining > 0) {
                return;
            }
        }
        finish();
    }

    /** Once every chunk has ended, outside the lock: the callbacks run in here. */
    private void finish() {
        Throwable error;
        List<R> all = new ArrayList<>();
        synchronized (this) {
            error = firstError;
            if (error == null) {
                parts.forEach(all::addAll);
            }
        }
        whole.setRunningOrNotifyCancel();
        if (error != null) {
            whole.setException(error);
        } else {
            whole.setResult(all);
        }
    }

    /** One chunk; a chunk the stop button cancels before it runs ends the map with that cancel. */
    private final class Part implements Completion<List<R>> {
        private final int index;
        private volatile boolean cancelled;

        Part(int index) {
            this.index = index;
        }

        @Override
        public boolean setRunningOrNotifyCancel() {
            if (cancelled) {
                partEnded(index, null, new CancellationException("chunk " + index + " of " + whole
                        + " was cancelled before it ran (the stop button, or terminate())"));
                return false;
            }
            return true;
        }

        @Override
        public void setResult(List<R> values) {
            partEnded(index, values, null);
        }

        @Override
        public void setException(Throwable error) {
            partEnded(index, null, error);
        }

        @Override
        public boolean cancel() {
            cancelled = true;
            return true;
        }
    }
}
