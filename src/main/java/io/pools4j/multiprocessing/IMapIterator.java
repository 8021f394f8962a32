package io.pools4j.multiprocessing;

import io.pools4j.worker.pool.Completion;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The results of {@link Pool#imap} (in input order) or {@link Pool#imapUnordered} (in the order
 * they end), one at a time, each as soon as it is there.
 *
 * <p><b>Python:</b> {@code multiprocessing.pool.IMapIterator} and
 * {@code IMapUnorderedIterator}: {@code next(timeout)} raises {@code multiprocessing.TimeoutError};
 * a task's exception is raised at its place and the iteration goes on; an exception raised
 * while reading the input is raised at its place and ends the iteration.
 *
 * <p><b>Differences from Python:</b> {@code hasNext()} waits until it knows; a task's exception
 * is thrown once for its chunk (Python's plain generator for {@code chunksize > 1} does the same).
 *
 * @param <R> the result type of one item
 */
public final class IMapIterator<R> implements Iterator<R>, Iterable<R> {

    /** Which result comes next. */
    enum Order {
        /** Input order: Python's {@code imap}. */
        INPUT,
        /** The order chunks end in: Python's {@code imap_unordered}. */
        COMPLETION
    }

    /** One chunk's outcome. */
    private static final class Slot<R> {
        List<R> values;
        Throwable error;
        boolean ended;
    }

    private final Order order;
    private final String call;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    // Guarded by lock.
    /** Every chunk sent so far, by input position. */
    private final List<Slot<R>> slots = new ArrayList<>();
    /** Ended chunks not yet taken, in the order they ended (COMPLETION order only). */
    private final ArrayDeque<Slot<R>> endedNotTaken = new ArrayDeque<>();
    /** Chunks taken by the reader so far. */
    private int taken;
    /** Results of the chunk being read. */
    private Iterator<R> current = java.util.Collections.emptyIterator();
    /** Whether the input has been read to its end (or failed): no more chunks will come. */
    private boolean inputEnded;

    IMapIterator(Order order, String call) {
        this.order = order;
        this.call = call;
    }

    /** Waits for the next result and returns it. <b>Python:</b> {@code next(it)}. */
    @Override
    public R next() {
        return next((Duration) null);
    }

    /**
     * Waits at most {@code timeout} for the next result.
     *
     * <p><b>Python:</b> {@code IMapIterator.next(timeout)}.
     *
     * @param timeout how long to wait; {@code null} for ever
     * @throws MultiprocessingTimeoutException if no result came in time (it may come later)
     * @throws NoSuchElementException          after the last result (Python's {@code StopIteration})
     */
    public R next(Duration timeout) {
        lock.lock();
        try {
            if (!awaitNext(timeout)) {
                throw new MultiprocessingTimeoutException("the next result of " + call, timeout);
            }
            if (current.hasNext()) {
                return current.next();
            }
            Slot<R> slot = takeEndedSlot();
            if (slot == null) {
                throw new NoSuchElementException("no more results: all " + taken + " chunks of " + call + " were read");
            }
            if (slot.error != null) {
                throw Sneaky.<RuntimeException>sneaky(slot.error);
            }
            current = slot.values.iterator();
            return next(Duration.ZERO); // a chunk holds at least one result
        } finally {
            lock.unlock();
        }
    }

    /** {@link #next(Duration)} with the timeout in seconds, as Python writes it. */
    public R next(double timeoutSeconds) {
        return next(Deadlines.seconds(timeoutSeconds));
    }

    /** Waits until there is a next result or none can come. */
    @Override
    public boolean hasNext() {
        lock.lock();
        try {
            awaitNext(null);
            return current.hasNext() || readySlot() != null;
        } finally {
            lock.unlock();
        }
    }

    /** This iterator, so that it can stand in a for-each loop. */
    @Override
    public Iterator<R> iterator() {
        return this;
    }

    /** Under lock: waits until a result or the end is known; false if the time ran out first. */
    private boolean awaitNext(Duration timeout) {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        while (!current.hasNext() && readySlot() == null && !(inputEnded && taken == slots.size())) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                if (timeout == null) {
                    changed.await();
                } else {
                    changed.await(left, TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while waiting for the next result of " + call);
            }
        }
        return true;
    }

    /** Under lock: the slot to read next if it has ended, else null. */
    private Slot<R> readySlot() {
        if (order == Order.COMPLETION) {
            return endedNotTaken.peek();
        }
        return taken < slots.size() && slots.get(taken).ended ? slots.get(taken) : null;
    }

    private Slot<R> takeEndedSlot() {
        Slot<R> slot = readySlot();
        if (slot != null) {
            taken++;
            changed.signalAll(); // the reader of the input may read ahead one more chunk
            if (order == Order.COMPLETION) {
                endedNotTaken.poll();
            }
        }
        return slot;
    }

    // ------------------------------------------------------------ the pool's side

    /**
     * The input's reader, on a thread of its own, for {@code submit} to send chunk by chunk: Python's
     * task handler. It reads ahead at most {@code readAhead} chunks more than the caller has
     * taken, so that an endless input streams instead of filling the heap.
     */
    static <A, R> IMapIterator<R> start(Order order, String call, String threadName, Iterable<? extends A> items,
                                        int chunksize, int readAhead, ChunkSender<A, R> submit) {
        IMapIterator<R> results = new IMapIterator<>(order, call);
        Thread.ofPlatform().daemon().name(threadName).start(() -> {
            try {
                Iterator<? extends A> input = items.iterator();
                List<A> chunk = new ArrayList<>(chunksize);
                while (input.hasNext()) {
                    chunk.add(input.next());
                    if (chunk.size() == chunksize || !input.hasNext()) {
                        results.awaitRoom(readAhead);
                        submit.send(chunk, results.newChunk());
                        chunk = new ArrayList<>(chunksize);
                    }
                }
                results.inputEnded();
            } catch (RuntimeException | Error e) { // the input failed, or the pool was closed meanwhile
                results.inputFailed(e);
            } catch (InterruptedException e) {
                results.inputFailed(new CancellationException("reading the input of " + call + " was interrupted"));
            }
        });
        return results;
    }

    /** Gives one chunk of items to the pool, with the completion that receives its results. */
    @FunctionalInterface
    interface ChunkSender<A, R> {
        void send(List<A> items, Completion<List<R>> completion);
    }

    /** Waits while {@code readAhead} chunks are sent and not yet taken by the caller. */
    private void awaitRoom(int readAhead) throws InterruptedException {
        lock.lock();
        try {
            while (slots.size() - taken >= readAhead) {
                changed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /** A new chunk at the next input position; its completion goes to the pool engine. */
    Completion<List<R>> newChunk() {
        Slot<R> slot = new Slot<>();
        lock.lock();
        try {
            slots.add(slot);
        } finally {
            lock.unlock();
        }
        return new Completion<>() {
            private volatile boolean cancelled;

            @Override
            public boolean setRunningOrNotifyCancel() {
                if (cancelled) {
                    end(slot, null, new CancellationException("a chunk of " + call
                            + " was cancelled before it ran (the stop button, or terminate())"));
                }
                return !cancelled;
            }

            @Override
            public void setResult(List<R> values) {
                end(slot, values, null);
            }

            @Override
            public void setException(Throwable error) {
                end(slot, null, error);
            }

            @Override
            public boolean cancel() {
                cancelled = true;
                return true;
            }
        };
    }

    /** Reading the input failed at this position: {@code error} is raised there, and nothing after. */
    void inputFailed(Throwable error) {
        Slot<R> slot = new Slot<>();
        lock.lock();
        try {
            slots.add(slot);
        } finally {
            lock.unlock();
        }
        end(slot, null, error);
        inputEnded();
    }

    /** The input has been read to its end: after the chunks sent so far, the iteration ends. */
    void inputEnded() {
        lock.lock();
        try {
            inputEnded = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void end(Slot<R> slot, List<R> values, Throwable error) {
        lock.lock();
        try {
            slot.values = values;
            slot.error = error;
            slot.ended = true;
            if (order == Order.COMPLETION) {
                endedNotTaken.add(slot);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "<IMapIterator of " + call + ": " + taken + " of " + slots.size() + " chunks read"
                    + (inputEnded ? "" : ", input still being read") + ">";
        } finally {
            lock.unlock();
        }
    }
}
