package io.pools4j.shm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * Variable-length messages through an Agrona ring buffer in a shared mapping, with futex waiting on
 * both sides: a reader sleeps on {@code data} when the ring is empty, a writer on {@code space} when
 * it is full. One reader at a time (callers serialise readers); one writer ({@link Producers#ONE},
 * Agrona's OneToOneRingBuffer: a Pipe direction) or many ({@link Producers#MANY},
 * ManyToOneRingBuffer: a Queue).
 *
 * <pre>
 *   offset 0        8         16              64                         64 + capacity + trailer
 *   +---------------+---------+---------------+--------------------------+
 *   | data WaitWord | space   | (pad to a     | Agrona ring: capacity    |
 *   | bumped per    | WaitWord| cache line)   | bytes of records, then   |
 *   | message       | bumped  |               | RingBufferDescriptor     |
 *   | written       | per read|               | .TRAILER_LENGTH          |
 *   +---------------+---------+---------------+--------------------------+
 *
 *   record types (Agrona msgTypeId):
 *     WHOLE 1  the message
 *     FIRST 2  int64 total length, then the first part   } a message longer than the ring's
 *     MORE  3  the next part                              } maxMsgLength, ONE producer only
 *     SPILL 4  UTF-8 path of a file holding the message: a message longer than maxMsgLength with
 *              MANY producers (parts of two producers would interleave); the reader deletes it
 * </pre>
 */
public final class MessageRing {

    /** Who writes: decides the Agrona ring and how an oversized message travels. */
    public enum Producers { ONE, MANY }

    public static final int HEADER_LENGTH = 64;
    private static final int DATA_OFFSET = 0;
    private static final int SPACE_OFFSET = 8;
    static final int WHOLE = 1;
    static final int FIRST = 2;
    static final int MORE = 3;
    static final int SPILL = 4;
    private static final AtomicLong NEXT_SPILL = new AtomicLong();

    private final Segment segment;
    private final RingBuffer ring;
    private final Producers producers;
    private final WaitWord data;
    private final WaitWord space;

    /** Guarded by the caller's reader serialisation: the message being read. */
    private byte[] received;
    private int receivedType;

    /** @param capacity ring bytes, a power of two */
    public MessageRing(Segment segment, int offset, int capacity, Producers producers) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("ring capacity must be a power of two, capacity=" + capacity);
        }
        this.segment = segment;
        this.producers = producers;
        this.data = new WaitWord(segment, offset + DATA_OFFSET);
        this.space = new WaitWord(segment, offset + SPACE_OFFSET);
        UnsafeBuffer view = new UnsafeBuffer(segment.address() + offset + HEADER_LENGTH,
                capacity + RingBufferDescriptor.TRAILER_LENGTH);
        this.ring = producers == Producers.ONE ? new OneToOneRingBuffer(view) : new ManyToOneRingBuffer(view);
    }

    /** Bytes a ring of {@code capacity} takes in a segment, header included. */
    public static int length(int capacity) {
        return HEADER_LENGTH + capacity + RingBufferDescriptor.TRAILER_LENGTH;
    }

    /** The data word, bumped per message: a Pipe's reader also waits on it for the peer's close. */
    public WaitWord dataWord() {
        return data;
    }

    /** Wakes everyone waiting on this ring, to see a change they check for (an end closed). */
    public void wakeAll() {
        data.bumpAndWakeAll();
        space.bumpAndWakeAll();
    }

    /** Whether a record is in the ring (possibly still being written by a MANY producer). */
    public boolean hasMessage() {
        return ring.size() > 0;
    }

    /**
     * Writes one message, waiting for space as long as needed.
     *
     * @param check run while waiting for space; throws to give up (the reader is gone)
     */
    public void write(byte[] bytes, int offset, int length, Runnable check) {
        UnsafeBuffer src = new UnsafeBuffer(bytes);
        int max = ring.maxMsgLength();
        if (length <= max) {
            writeRecord(WHOLE, src, offset, length, check);
        } else if (producers == Producers.MANY) {
            byte[] path = spill(bytes, offset, length).toString().getBytes(StandardCharsets.UTF_8);
            writeRecord(SPILL, new UnsafeBuffer(path), 0, path.length, check);
        } else {
            byte[] first = new byte[max];
            new UnsafeBuffer(first).putLong(0, length);
            int part = max - Long.BYTES;
            System.arraycopy(bytes, offset, first, Long.BYTES, part);
            writeRecord(FIRST, new UnsafeBuffer(first), 0, max, check);
            for (int done = part; done < length; done += max) {
                writeRecord(MORE, src, offset + done, Math.min(max, length - done), check);
            }
        }
    }

    /**
     * Writes one message only if the ring has room for it now ("full" is a return value, as in
     * Agrona). A message over the ring's maxMsgLength needs {@link Producers#MANY}: it is spilled
     * to a file, which is deleted again if its record does not fit.
     *
     * @return false when the ring is full
     */
    public boolean tryWrite(byte[] bytes) {
        if (bytes.length <= ring.maxMsgLength()) {
            return tryRecord(WHOLE, new UnsafeBuffer(bytes), 0, bytes.length);
        }
        if (producers != Producers.MANY) {
            throw new IllegalStateException("tryWrite of a " + bytes.length + "-byte message, over maxMsgLength="
                    + ring.maxMsgLength() + ", on a one-producer " + this + "; use write()");
        }
        Path file = spill(bytes, 0, bytes.length);
        byte[] path = file.toString().getBytes(StandardCharsets.UTF_8);
        if (tryRecord(SPILL, new UnsafeBuffer(path), 0, path.length)) {
            return true;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete spill file " + file + " of a message that did not fit", e);
        }
        return false;
    }

    private boolean tryRecord(int type, UnsafeBuffer src, int offset, int length) {
        if (!ring.write(type, src, offset, length)) {
            return false;
        }
        data.getAndAdd(1);
        data.wake(1);
        return true;
    }

    private void writeRecord(int type, UnsafeBuffer src, int offset, int length, Runnable check) {
        if (!ring.write(type, src, offset, length)) {
            space.await(() -> ring.write(type, src, offset, length), WaitWord.NO_DEADLINE, check, "space in " + this);
        }
        data.getAndAdd(1);
        data.wake(1);
    }

    private Path spill(byte[] bytes, int offset, int length) {
        Path file = segment.path().resolveSibling(segment.path().getFileName() + ".spill-"
                + ShmMutex.PID + "-" + NEXT_SPILL.incrementAndGet());
        try {
            Files.write(file, java.util.Arrays.copyOfRange(bytes, offset, offset + length));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a " + length + "-byte message to spill file " + file, e);
        }
    }

    /**
     * Reads the next message, waiting until {@code deadlineNanos} for one to start.
     *
     * @param stop  ends the wait without a message when true (the writer closed; the caller then
     *              reads once more with {@link #readNow()} to drain what came before the close)
     * @param check run between sleeps while no message has started; throws to give up (a dead writer)
     * @return the message, or null when the deadline passed or {@code stop} became true first
     */
    public byte[] read(long deadlineNanos, BooleanSupplier stop, Runnable check) {
        if (!readRecord()) {
            data.await(() -> readRecord() || stop.getAsBoolean(), deadlineNanos, check, "a message in " + this);
            if (received == null) {
                return null;
            }
        }
        return switch (receivedType) {
            case WHOLE -> take();
            case SPILL -> unspill(new String(take(), StandardCharsets.UTF_8));
            case FIRST -> reassemble(take());
            default -> throw new IllegalStateException("corrupt ring " + this + ": record type " + receivedType
                    + " where a message starts; was one end of a Pipe used by two processes at once?");
        };
    }

    /** Reads a message only if one is there now; null otherwise. */
    public byte[] readNow() {
        return read(System.nanoTime(), () -> true, () -> { });
    }

    private byte[] reassemble(byte[] first) {
        long total = new UnsafeBuffer(first).getLong(0);
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("corrupt ring " + this + ": message length " + total);
        }
        byte[] message = new byte[(int) total];
        int done = first.length - Long.BYTES;
        System.arraycopy(first, Long.BYTES, message, 0, done);
        while (done < total) {
            if (!readRecord()) {
                data.await(this::readRecord, WaitWord.NO_DEADLINE, () -> { }, "the rest of a message in " + this);
            }
            if (receivedType != MORE) {
                throw new IllegalStateException("corrupt ring " + this + ": record type " + receivedType
                        + " inside a " + total + "-byte message at byte " + done);
            }
            byte[] part = take();
            System.arraycopy(part, 0, message, done, part.length);
            done += part.length;
        }
        return message;
    }

    private byte[] unspill(String path) {
        Path file = Path.of(path);
        try {
            byte[] bytes = Files.readAllBytes(file);
            Files.deleteIfExists(file);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read spilled message " + file, e);
        }
    }

    private byte[] take() {
        byte[] bytes = received;
        received = null;
        return bytes;
    }

    private boolean readRecord() {
        int n = ring.read((type, buffer, index, length) -> {
            byte[] bytes = new byte[length];
            buffer.getBytes(index, bytes);
            received = bytes;
            receivedType = type;
        }, 1);
        if (n > 0) {
            space.getAndAdd(1);
            space.wake(Integer.MAX_VALUE);
            return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return "ring " + segment.path() + " (" + producers + ", " + ring.capacity() + " bytes)";
    }
}
