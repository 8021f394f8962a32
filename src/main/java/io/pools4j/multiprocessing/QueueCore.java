package io.pools4j.multiprocessing;

import io.pools4j.shm.MessageRing;
import io.pools4j.shm.Segment;
import io.pools4j.shm.ShmMutex;
import io.pools4j.shm.ShmSession;
import io.pools4j.shm.WaitWord;

/**
 * The shared part of {@link Queue}, {@link JoinableQueue} and {@link SimpleQueue}: a many-producer
 * ring of serialized items, a mutex that lets one consumer at a time read it (Agrona's
 * ManyToOneRingBuffer has one reader; CPython's Queue likewise holds its read lock while it
 * waits), and the counts.
 *
 * <pre>
 *   Queue file:
 *   0               24      32        36      40          48           56            64       64 + R
 *   +---------------+-------+---------+-------+-----------+------------+-------------+--------+
 *   | ShmMutex      | (pad) | maxsize | (pad) | count     | reserved   | unfinished  | ring   |
 *   | one consumer  |       | 0: none |       | WaitWord: | WaitWord:  | WaitWord:   | MANY   |
 *   | reads at once |       |         |       | items put | slots held | JoinableQ.  | produ- |
 *   |               |       |         |       | , not got | (bounded)  | not done    | cers   |
 *   +---------------+-------+---------+-------+-----------+------------+-------------+--------+
 *   R = MessageRing.length(RING_CAPACITY). A put takes a slot (reserved < maxsize, CAS), counts
 *   the item (and as unfinished), then writes it, now or through its process's QueueFeeder; a get
 *   reads under the mutex, counts the item down, then gives the slot back and wakes one waiting
 *   producer.
 * </pre>
 */
final class QueueCore {

    /**
     * Bytes of the ring: 4 MiB holds tens of thousands of small items, so that a put rarely needs
     * its process's feeder thread ({@link QueueFeeder}, which holds what does not fit); an item over
     * 512 KiB (Agrona's capacity/8) goes through a spill file. Pages cost memory only once written.
     */
    static final int RING_CAPACITY = 4 << 20;
    private static final int MUTEX_OFFSET = 0;
    private static final int MAXSIZE_OFFSET = 32;
    private static final int COUNT_OFFSET = 40;
    private static final int RESERVED_OFFSET = 48;
    private static final int UNFINISHED_OFFSET = 56;
    private static final int RING_OFFSET = 64;

    final Segment segment;
    final int maxsize;
    private final ShmMutex readers;
    private final WaitWord count;
    private final WaitWord reserved;
    final WaitWord unfinished;
    private final MessageRing ring;

    private QueueCore(Segment segment) {
        this.segment = segment;
        this.maxsize = segment.buffer().getIntVolatile(MAXSIZE_OFFSET);
        this.readers = new ShmMutex(segment, MUTEX_OFFSET);
        this.count = new WaitWord(segment, COUNT_OFFSET);
        this.reserved = new WaitWord(segment, RESERVED_OFFSET);
        this.unfinished = new WaitWord(segment, UNFINISHED_OFFSET);
        this.ring = new MessageRing(segment, RING_OFFSET, RING_CAPACITY, MessageRing.Producers.MANY);
    }

    static QueueCore create(String kind, int maxsize) {
        Segment segment = Segment.create(ShmSession.newFile(kind), RING_OFFSET + (long) MessageRing.length(RING_CAPACITY));
        segment.buffer().putIntVolatile(MAXSIZE_OFFSET, Math.max(0, maxsize));
        return new QueueCore(segment);
    }

    static QueueCore attach(SharedForm form) {
        return new QueueCore(form.segment());
    }

    int size() {
        return count.get();
    }

    /**
     * Counts one item as put before it is written: a slot of a bounded queue, the item in
     * {@link #size()} and, for a JoinableQueue, as unfinished. Counting first is what Python's
     * qsize() does for the items its feeder thread still holds; the count never falls below what
     * the ring holds, since a get counts down only after reading.
     *
     * @return false when no slot came free before the deadline (bounded queues only)
     */
    boolean admit(long deadlineNanos, boolean joinable) {
        if (maxsize > 0 && !reserve() && !reserved.await(this::reserve, deadlineNanos, () -> { }, "a free slot in " + this)) {
            return false;
        }
        if (joinable) {
            unfinished.getAndAdd(1);
        }
        count.getAndAdd(1);
        return true;
    }

    /** Writes an admitted item's bytes, waiting for room in the ring. */
    void write(byte[] item) {
        ring.write(item, 0, item.length, () -> { });
    }

    /** Writes an admitted item's bytes if the ring has room now; false when it is full. */
    boolean tryWrite(byte[] item) {
        return ring.tryWrite(item);
    }

    private boolean reserve() {
        for (int r = reserved.get(); r < maxsize; r = reserved.get()) {
            if (reserved.compareAndSet(r, r + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Takes the next item's bytes, or null when none came before the deadline. */
    byte[] get(long deadlineNanos) {
        while (true) {
            try {
                if (!readers.acquire(false, deadlineNanos, DeadReader::new, "the read lock of " + this)) {
                    return null;
                }
                break;
            } catch (DeadReader e) {
                // A consumer died holding the read lock: it is free again; what it was reading is lost, as in Python.
            }
        }
        byte[] item;
        try {
            item = ring.read(deadlineNanos, () -> false, () -> { });
        } finally {
            readers.releaseFully();
        }
        if (item != null) {
            count.getAndAdd(-1);
            if (maxsize > 0) {
                reserved.getAndAdd(-1);
                reserved.wake(1);
            }
        }
        return item;
    }

    SharedForm form(SharedForm.Kind kind) {
        return new SharedForm(kind, segment, 0);
    }

    @Override
    public String toString() {
        return segment.path().getFileName().toString();
    }

    private static final class DeadReader extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DeadReader(int pid) {
            super("reader " + pid + " died", null, false, false);
        }
    }
}
