package io.pools4j.multiprocessing;

import java.io.Serial;
import java.io.Serializable;

/**
 * An unbounded queue with nothing but put, get and empty.
 *
 * <p><b>Python:</b> {@code multiprocessing.SimpleQueue()}.
 * <b>Differences from Python:</b> those of {@link Queue}; after {@link #close()}, {@code empty()},
 * {@code put} and {@code get} throw {@link IllegalStateException} (Python's OSError / ValueError).
 *
 * @param <E> the type of the items
 */
public final class SimpleQueue<E> implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient Queue<E> queue;

    /** <p><b>Python:</b> {@code SimpleQueue()}. */
    public SimpleQueue() {
        this.queue = new Queue<>(QueueCore.create("simple", 0), SharedForm.Kind.SIMPLE_QUEUE);
    }

    SimpleQueue(SharedForm form) {
        this.queue = new Queue<>(form);
    }

    /** Puts a copy of {@code item}. <p><b>Python:</b> {@code SimpleQueue.put(obj)}. */
    public void put(E item) {
        queue.put(item);
    }

    /** Takes the next item, waiting for one. <p><b>Python:</b> {@code SimpleQueue.get()}. */
    public E get() {
        return queue.get();
    }

    /** <p><b>Python:</b> {@code SimpleQueue.empty()}. */
    public boolean empty() {
        return queue.empty();
    }

    /** This process will use the queue no more; twice is allowed. <p><b>Python:</b> {@code SimpleQueue.close()} (3.9). */
    public void close() {
        queue.close();
    }

    @Serial
    private Object writeReplace() {
        return queue.writeReplace();
    }

    @Override
    public String toString() {
        return queue.toString().replace("<Queue", "<SimpleQueue");
    }
}
