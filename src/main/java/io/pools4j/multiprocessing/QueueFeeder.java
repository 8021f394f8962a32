package io.pools4j.multiprocessing;

import io.pools4j.worker.OrderlyExit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What makes a {@link Queue}'s {@code put} return at once however full the ring is: an item that
 * does not fit now (or that would overtake items waiting before it) waits in this process's
 * buffer, and a feeder thread moves the buffer into the ring as consumers make room.
 *
 * <pre>
 *   put(item) --serialize--> [ ring has room and buffer empty? ] --yes--> ring (shared)
 *                                        | no
 *                                        v
 *                            buffer (this JVM, in order) --feeder thread, waits for room--> ring
 * </pre>
 *
 * <p><b>CPython:</b> {@code multiprocessing.queues.Queue._buffer}, {@code _feed} and
 * {@code _start_thread}: the feeder thread that writes to the pipe, and {@code _finalize_join},
 * which a child process runs before it exits ({@link #flushAllAtExit()} here).
 *
 * <p>The feeder thread runs only while the buffer holds items and ends when it is empty, so an
 * idle queue holds no thread. It is a daemon: a JVM that ends does not wait for it, except a
 * {@link Process}'s child, whose bootstrap calls {@link #flushAllAtExit()}, and a pool's worker
 * shut down by its pool ({@link OrderlyExit}), as Python's children do.
 *
 * <p>Thread-safe: {@link #buffer}, {@link #feeding} and {@link #joinCancelled} are guarded by
 * {@code this}; an item leaves the buffer only once it is in the ring, so a put that finds the
 * buffer non-empty appends behind it and this process's items keep their order.
 */
final class QueueFeeder {

    /** Feeders holding items, for a Process child's exit: it waits for them (Python's join_thread at exit). */
    private static final Set<QueueFeeder> FEEDING = ConcurrentHashMap.newKeySet();

    static {
        // A pool's worker flushes too when its parent shuts it down (within the parent's grace period).
        OrderlyExit.register(QueueFeeder::flushAllAtExit);
    }

    private final QueueCore core;
    /** Serialized items not yet in the ring, oldest first; the head is the one being written. */
    private final ArrayDeque<byte[]> buffer = new ArrayDeque<>();
    /** Whether a feeder thread runs; it stops when the buffer is empty. */
    private boolean feeding;
    /** Python's cancel_join_thread(): nobody waits for this buffer, neither joinThread() nor the exit. */
    private boolean joinCancelled;

    QueueFeeder(QueueCore core) {
        this.core = core;
    }

    /** Hands an admitted item's bytes to the ring now, or to the buffer if the ring is full or items wait. */
    synchronized void put(byte[] item) {
        if (buffer.isEmpty() && core.tryWrite(item)) {
            return; // the common case: no thread, no copy
        }
        buffer.addLast(item);
        if (!feeding) {
            feeding = true;
            FEEDING.add(this);
            Thread.ofPlatform().daemon().name("pools4j-queue-feeder-" + core).start(this::feed);
        }
    }

    /** Items in this process's buffer, not yet in the ring. */
    synchronized int buffered() {
        return buffer.size();
    }

    private void feed() {
        while (true) {
            byte[] head;
            synchronized (this) {
                head = buffer.peekFirst();
                if (head == null) {
                    feeding = false;
                    FEEDING.remove(this);
                    notifyAll();
                    return;
                }
            }
            try {
                core.write(head); // waits for room, outside the lock so that put() never waits for it
            } catch (RuntimeException e) {
                // Python's feeder prints the error and goes on with the next item (_on_queue_feeder_error).
                System.err.println("pools4j: an item put on " + core + " is lost; writing it to the ring failed:");
                e.printStackTrace();
            }
            synchronized (this) {
                buffer.pollFirst();
            }
        }
    }

    /**
     * Waits until every buffered item is in the ring; returns at once after {@link #cancelJoin()}.
     * The wait ends only when consumers make room.
     *
     * @throws java.util.concurrent.CancellationException when the waiting thread is interrupted
     */
    synchronized void flush() {
        while (feeding && !joinCancelled) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.util.concurrent.CancellationException("waiting for the feeder thread of " + core
                        + " to write " + buffer.size() + " buffered item(s) was interrupted; they are still being written");
            }
        }
    }

    /** Nobody will wait for this buffer: not {@link #flush()}, not a child's exit. The feeder still writes it. */
    synchronized void cancelJoin() {
        joinCancelled = true;
        notifyAll();
    }

    /** In a Process's child or a pool's worker before it exits: waits for the buffers of every queue whose join was not cancelled. */
    static void flushAllAtExit() {
        List<QueueFeeder> feeders = new ArrayList<>(FEEDING);
        for (QueueFeeder f : feeders) {
            f.flush();
        }
    }
}
