package io.pools4j.multiprocessing;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;

/**
 * A first-in first-out queue shared by processes: any process holding it (the creator, a task or a
 * process it was handed to) can put and get. Items are copied at {@code put} (Java serialization):
 * changing an item afterwards changes nothing. Each producer's items come out in the order it put
 * them; items of different producers may interleave.
 *
 * <p>As in Python, {@code put} never waits for room in the shared ring (4 MiB; items over 512 KiB
 * go through a file): an item that does not fit waits in this process's buffer, and a feeder
 * thread writes it as consumers make room. An unbounded queue therefore takes any number of items
 * without a consumer. {@link #qsize()} counts the buffered items too. A {@link Process}'s child
 * that put items waits, before it exits, until they are all in the ring, unless
 * {@link #cancelJoinThread()} was called; so does a pool's worker that its pool shuts down, within
 * the pool's grace period. A main JVM does not wait: call {@link #close()} and {@link #joinThread()}
 * before it ends.
 *
 * <p><b>Python:</b> {@code multiprocessing.Queue(maxsize=0)}; {@code queue.Full} and
 * {@code queue.Empty} are {@link QueueFullException} and {@link QueueEmptyException}.
 * <b>Differences from Python:</b> {@code put} serializes the item itself, not the feeder thread,
 * so an unserializable item fails in {@code put} ({@link IllegalArgumentException}), not later in
 * the feeder. {@code block=False} is {@code putNowait}/{@code getNowait}; a timeout is a
 * {@link Duration} or seconds. A child that ends with {@code System.exit} skips the wait for its
 * buffered items, as Python's {@code os._exit} does. A Queue can be sent through another Queue or
 * Pipe too, not only handed to a process. A closed queue ({@link #close()}, in this process)
 * refuses everything with {@link IllegalStateException} (Python's ValueError / OSError). Waiting
 * is interrupted by the thread's interrupt (a notebook's stop button) with a
 * {@link java.util.concurrent.CancellationException}.
 *
 * @param <E> the type of the items (unchecked, as Python's are untyped)
 */
public class Queue<E> implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    final transient QueueCore core;
    private final transient SharedForm.Kind kind;
    /** This process's buffer and feeder thread; a SimpleQueue writes directly, as Python's does. */
    private final transient QueueFeeder feeder;
    /** Python's close() is per process; guarded by nothing: a flag any thread may set once. */
    private transient volatile boolean closed;

    /** An unbounded queue. <p><b>Python:</b> {@code Queue()}. */
    public Queue() {
        this(0);
    }

    /**
     * <p><b>Python:</b> {@code Queue(maxsize)}.
     *
     * @param maxsize how many items it holds before {@code put} waits; 0 or less: no limit
     */
    public Queue(int maxsize) {
        this(QueueCore.create("queue", maxsize), SharedForm.Kind.QUEUE);
    }

    Queue(QueueCore core, SharedForm.Kind kind) {
        this.core = core;
        this.kind = kind;
        this.feeder = new QueueFeeder(core);
    }

    Queue(SharedForm form) {
        this(QueueCore.attach(form), form.kind());
    }

    /**
     * Puts a copy of {@code item}, waiting as long as a bounded queue is full; an unbounded queue
     * never waits. <p><b>Python:</b> {@code put(obj)}.
     */
    public void put(E item) {
        put(item, (Duration) null);
    }

    /** {@link #put(Object, Duration)} in seconds, as Python writes it. */
    public void put(E item, double timeoutSeconds) {
        put(item, Deadlines.seconds(timeoutSeconds));
    }

    /**
     * Puts a copy of {@code item}, waiting at most {@code timeout} for a free slot of a bounded
     * queue. The item is serialized before this returns; it reaches the shared ring now or, when
     * the ring is full, through this process's feeder thread.
     *
     * <p><b>Python:</b> {@code Queue.put(obj, block=True, timeout)}.
     *
     * @param timeout null waits for ever; zero does not wait
     * @throws QueueFullException       if no slot came free in time
     * @throws IllegalArgumentException if {@code item} cannot be serialized
     * @throws IllegalStateException    if this queue was closed in this process
     */
    public void put(E item, Duration timeout) {
        checkOpen("put");
        byte[] bytes = Pickling.dumps(item); // now, so that changing the item afterwards changes nothing
        if (!core.admit(Deadlines.of(timeout), kind == SharedForm.Kind.JOINABLE_QUEUE)) {
            throw new QueueFullException("put() on a full " + this + ": " + core.maxsize + " items, waited "
                    + (timeout == null ? "for ever" : timeout.toMillis() + " ms") + "; get() some, or use a larger maxsize");
        }
        if (kind == SharedForm.Kind.SIMPLE_QUEUE) {
            core.write(bytes);
        } else {
            feeder.put(bytes);
        }
    }

    /** Puts without waiting. <p><b>Python:</b> {@code put_nowait(obj)}, {@code put(obj, block=False)}. */
    public void putNowait(E item) {
        put(item, Duration.ZERO);
    }

    /** Takes the next item, waiting for one. <p><b>Python:</b> {@code get()}. */
    public E get() {
        return get((Duration) null);
    }

    /** {@link #get(Duration)} in seconds, as Python writes it. */
    public E get(double timeoutSeconds) {
        return get(Deadlines.seconds(timeoutSeconds));
    }

    /**
     * Takes the next item, waiting at most {@code timeout} for one.
     *
     * <p><b>Python:</b> {@code Queue.get(block=True, timeout)}.
     *
     * @param timeout null waits for ever; zero does not wait
     * @throws QueueEmptyException   if no item came in time
     * @throws IllegalStateException if this queue was closed in this process
     */
    @SuppressWarnings("unchecked")
    public E get(Duration timeout) {
        checkOpen("get");
        byte[] bytes = core.get(Deadlines.of(timeout));
        if (bytes == null) {
            throw new QueueEmptyException("get() on an empty " + this + ", waited "
                    + (timeout == null ? "for ever" : timeout.toMillis() + " ms"));
        }
        return (E) Pickling.loads(bytes);
    }

    /** Takes an item without waiting. <p><b>Python:</b> {@code get_nowait()}, {@code get(block=False)}. */
    public E getNowait() {
        return get(Duration.ZERO);
    }

    /**
     * How many items are in the queue now, those still in a putter's buffer included (approximate
     * while others put and get). <p><b>Python:</b> {@code qsize()}.
     */
    public int qsize() {
        return core.size();
    }

    /** Whether the queue holds no item now. <p><b>Python:</b> {@code empty()}. */
    public boolean empty() {
        checkOpen("empty");
        return core.size() == 0;
    }

    /** Whether a bounded queue holds maxsize items now. <p><b>Python:</b> {@code full()}. */
    public boolean full() {
        checkOpen("full");
        return core.maxsize > 0 && core.size() >= core.maxsize;
    }

    /**
     * This process will use the queue no more; calling it twice is allowed. Returns at once: the
     * feeder thread goes on writing the buffered items. Other processes holding the queue are not
     * affected, and nothing put is lost.
     *
     * <p><b>Python:</b> {@code Queue.close()}.
     */
    public void close() {
        closed = true;
    }

    /**
     * After {@link #close()}: waits until the feeder thread has written every item this process
     * put into the shared ring, which needs consumers to make room. Returns at once after
     * {@link #cancelJoinThread()}.
     *
     * <p><b>Python:</b> {@code join_thread()}.
     *
     * @throws IllegalStateException if the queue is not closed (Python asserts that too)
     * @throws java.util.concurrent.CancellationException when the waiting thread is interrupted
     */
    public void joinThread() {
        if (!closed) {
            throw new IllegalStateException("joinThread() on " + this + " that is not closed; close() it first");
        }
        feeder.flush();
    }

    /**
     * Nobody waits for this process's buffered items any more: not {@link #joinThread()}, not the
     * exit of a {@link Process}'s child, which may then end with items unwritten (lost). The feeder
     * thread still writes them while the JVM lives.
     *
     * <p><b>Python:</b> {@code cancel_join_thread()}.
     */
    public void cancelJoinThread() {
        feeder.cancelJoin();
    }

    final void checkOpen(String what) {
        if (closed) {
            throw new IllegalStateException(what + "() on " + this + ", which is closed in this process");
        }
    }

    @Serial
    final Object writeReplace() {
        return core.form(kind);
    }

    @Override
    public String toString() {
        int buffered = feeder.buffered();
        return "<" + getClass().getSimpleName() + " " + core + (core.maxsize > 0 ? " maxsize=" + core.maxsize : "")
                + (buffered > 0 ? " buffered=" + buffered : "")
                + (closed ? " closed" : "") + ">";
    }
}
