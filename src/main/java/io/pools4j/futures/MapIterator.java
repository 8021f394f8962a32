package io.pools4j.futures;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The results of {@link Executor#map}, in input order, waited for one by one as iteration
 * reaches them. Use it once: in a for-each loop, with {@link #toList()} or {@link #stream()}.
 *
 * <p><b>Python:</b> the generator returned by {@code Executor.map}: when a task threw, its
 * exception is thrown at its position and the iteration ends, cancelling the tasks not yet
 * started; past the deadline it throws {@link FutureTimeoutException} and cancels the same way;
 * {@link #close()} (Python: dropping the generator) cancels them too. With a
 * {@link MapOptions#withBuffersize buffersize}, reaching a task's results submits the next task
 * of the input (Python 3.14's {@code buffersize}).
 *
 * @param <R> the result type
 */
public final class MapIterator<R> implements Iterator<R>, Iterable<R>, AutoCloseable {

    /**
     * Submits the next task of a map, Python's {@code executor.submit(fn, *args)} over the next
     * {@code args} of the zipped input; empty once the input is used up.
     */
    @FunctionalInterface
    interface Source<R> {
        Optional<Future<List<R>>> submitNext();
    }

    /* Guarded by confinement: an iterator belongs to the thread that iterates it. */
    private final Source<R> source;
    /** Empty: the whole input was submitted at the call, so nothing is read later. */
    private final OptionalInt buffersize;
    private final Duration timeout;
    private final long deadline;
    /** Submitted tasks whose results have not been reached, oldest first. */
    private final ArrayDeque<Future<List<R>>> pending = new ArrayDeque<>();
    private boolean inputEnded;
    private Iterator<R> current = List.<R>of().iterator();
    private boolean iteratorTaken;
    private boolean ended;

    /**
     * Submits the tasks of the input now: all of them, or the first {@code buffersize}. The
     * deadline counts from here, as Python's {@code end_time} does.
     */
    MapIterator(Source<R> source, MapOptions options) {
        this.source = source;
        this.buffersize = options.buffersize();
        this.timeout = options.timeout().orElse(null);
        this.deadline = Timeouts.deadline(timeout);
        int ahead = buffersize.orElse(Integer.MAX_VALUE);
        try {
            while (pending.size() < ahead && submitOneMore()) {
                // each turn submits one task
            }
        } catch (RuntimeException | Error e) { // the input failed, or the executor refused (shut down)
            close();
            throw e;
        }
    }

    /** Reads one task's worth of input and submits it; false when the input has ended. */
    private boolean submitOneMore() {
        if (inputEnded) {
            return false;
        }
        Optional<Future<List<R>>> next = source.submitNext();
        next.ifPresentOrElse(pending::add, () -> inputEnded = true);
        return next.isPresent();
    }

    /** This object itself, for one for-each loop; a second call fails, as the results are consumed. */
    @Override
    public Iterator<R> iterator() {
        if (iteratorTaken) {
            throw new IllegalStateException("the results of map() can be iterated once; call map() again, or keep them with toList()");
        }
        iteratorTaken = true;
        return this;
    }

    @Override
    public boolean hasNext() {
        while (!current.hasNext()) {
            if (ended || pending.isEmpty()) {
                return false;
            }
            if (buffersize.isPresent()) {
                // Python refills before it waits: the next task runs while this one is awaited.
                try {
                    submitOneMore();
                } catch (RuntimeException | Error e) { // the input failed, or the executor was shut down
                    close();
                    throw e;
                }
            }
            current = awaitChunk(pending.poll()).iterator();
        }
        return true;
    }

    @Override
    public R next() {
        if (!hasNext()) {
            throw new NoSuchElementException("map() has no more results");
        }
        return current.next();
    }

    /** The remaining results as a list (waits for all of them). */
    public List<R> toList() {
        List<R> all = new ArrayList<>();
        forEachRemaining(all::add);
        return all;
    }

    /** The remaining results as a sequential stream, in input order. */
    public Stream<R> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED), false)
                .onClose(this::close);
    }

    /**
     * Cancels every task whose result has not been reached (running ones finish on their own);
     * no more of the input is read.
     */
    @Override
    public void close() {
        ended = true;
        for (Future<List<R>> f : pending) {
            f.cancel();
        }
        pending.clear();
    }

    /**
     * Waits for a chunk within map's deadline, then returns its results or throws its task's
     * exception. The wait and the outcome are read apart, so that a task's own
     * {@link FutureTimeoutException} (from a nested {@code result(timeout)}) is thrown as the task's,
     * not taken for map's timeout (Python's gh-136578).
     */
    private List<R> awaitChunk(Future<List<R>> chunk) {
        try {
            if (timeout == null) {
                chunk.exception();
            } else {
                chunk.exception(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            }
        } catch (FutureTimeoutException e) { // the chunk is not done: map's own deadline passed
            chunk.cancel();
            close();
            throw new FutureTimeoutException("map() timed out: not every result was there "
                    + Timeouts.describe(timeout) + " after the call; pass a longer timeout or none", timeout);
        } catch (RuntimeException | Error e) { // cancelled, or the waiting thread was interrupted
            close();
            throw e;
        }
        try {
            return chunk.result();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        } catch (Throwable checked) {
            close();
            throw Throwables.<RuntimeException>sneaky(checked);
        }
    }
}
