package io.pools4j.worker;

import java.io.EOFException;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * The byte layout of a frame on a worker's Unix-domain socket, and its codec.
 *
 * <p><b>CPython:</b> {@code multiprocessing/connection.py}'s {@code _send_bytes} /
 * {@code _recv_bytes} (a 4-byte big-endian length, then the pickle); here the header also
 * carries the frame type and the task id, so that a body that fails to decode can still be
 * charged to its one task.
 *
 * <pre>
 *   0               4       5                               13
 *   +---------------+-------+-------------------------------+----------------------+
 *   | length  int32 | type  | task id                 int64 | payload              |
 *   | (big-endian)  | uint8 | (big-endian; 0 = no task)     | length - 9 bytes     |
 *   +---------------+-------+-------------------------------+----------------------+
 *   length counts every byte after itself: 9 + payload length, at most MAX_LENGTH.
 * </pre>
 *
 * A length outside [9, MAX_LENGTH] means the stream has lost its framing: nothing after it can
 * be trusted, so the reader treats it like end of stream (the worker is then reported dead).
 * Memory for a payload is taken as its bytes arrive (doubling from {@link #READ_STEP}), not as
 * the length claims: a corrupt length of up to 1 GiB followed by a few bytes and the end of
 * the stream costs a few bytes, not a 1 GiB allocation (found by WireFuzzTest).
 * An unknown type byte or a payload that fails to decode, on the other hand, fails only the
 * task named in the header. Payload layouts are drawn in {@link Payloads}.
 *
 * <p><b>Tasks sent ahead, and the CANCEL exchange.</b> A worker runs its tasks in the order they
 * came, so its tasks form a queue with the same order at both ends. The task at the head of that
 * queue (the first one sent and not yet answered) has started: the worker is running it or takes
 * it next, and no CANCEL stops it. Every task behind the head was only sent ahead and can be
 * dropped. Each end keeps its own view of the head: the worker moves its head past a task just
 * before it writes that task's answer, and the parent moves its head when it reads the answer,
 * so the parent's head is never ahead of the worker's. A CANCEL is therefore asked of the worker,
 * whose head decides, and the worker's reply is the verdict. Its decision and the writing of its
 * reply are one step under the runner's lock, so a reply never overtakes an answer written
 * before it:
 * <pre>
 *   parent (WorkerHandle)                           worker (TaskRunner)     worker's queue
 *   TASK 7, TASK 8, TASK 9  ----------------------&gt;                         [7 running, 8, 9]
 *   cancel(9): 9 is not the parent's head
 *   CANCEL 9  ------------------------------------&gt;  9 not at the head:
 *            &lt;------------------------------------  CANCELLED 9            [7 running, 8]
 *   future of 9: cancelled, will never run
 *                                                    7 ends: head moves to 8 [8 running]
 *            &lt;------------------------------------  RESULT 7
 *   cancel(8), sent before RESULT 7 was read
 *   CANCEL 8  ------------------------------------&gt;  8 is the head:
 *   RESULT 7 read: 8 is the head, future RUNNING
 *            &lt;------------------------------------  STARTED 8 (refused)
 *   cancel(8) returns false; RESULT 8 follows
 * </pre>
 * A cancel of a task the parent already sees at its head is refused without asking. A worker
 * that dies before it replies leaves the task to its pool (failed, or queued again).
 */
final class WireDescriptor {

    static final int LENGTH_OFFSET = 0;
    static final int TYPE_OFFSET = 4;
    static final int TASK_ID_OFFSET = 5;
    static final int HEADER_LENGTH = 13;
    /** Bytes counted by the length field before the payload: type + task id. */
    static final int MIN_LENGTH = HEADER_LENGTH - TYPE_OFFSET;
    /** 1 GiB: a bigger task or result belongs in shared memory, not in a frame. */
    static final int MAX_LENGTH = 1 << 30;
    /**
     * 1 MiB: payloads up to this size are read into one array at once (every task and result of
     * a normal pool); larger ones double from it as their bytes arrive (about one extra copy).
     */
    static final int READ_STEP = 1 << 20;

    private WireDescriptor() {}

    /** The whole frame as one buffer, ready to write with a single gathering call. */
    static ByteBuffer encode(Frame frame) {
        byte[] payload = frame.payload();
        if (payload.length > MAX_LENGTH - MIN_LENGTH) {
            throw new IllegalArgumentException("frame payload too large for the worker channel: "
                    + payload.length + " bytes, at most " + (MAX_LENGTH - MIN_LENGTH)
                    + "; send large data through a file or shared memory instead");
        }
        ByteBuffer buf = ByteBuffer.allocate(HEADER_LENGTH + payload.length);
        buf.putInt(LENGTH_OFFSET, MIN_LENGTH + payload.length);
        buf.put(TYPE_OFFSET, frame.rawType());
        buf.putLong(TASK_ID_OFFSET, frame.taskId());
        buf.put(HEADER_LENGTH, payload);
        return buf;
    }

    /**
     * Reads one frame.
     *
     * @throws EOFException             at end of stream (the peer is gone), also in the middle of a
     *                                  frame (the message then says where)
     * @throws StreamCorruptedException when the length field is out of range
     */
    static Frame read(ReadableByteChannel in) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH);
        if (!readFully(in, header)) {
            throw new EOFException(header.position() == 0 ? "worker channel closed by the other side"
                    : "worker channel closed in the middle of a frame header, after " + header.position()
                    + " of " + HEADER_LENGTH + " bytes");
        }
        int length = header.getInt(LENGTH_OFFSET);
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new StreamCorruptedException("worker frame length out of range: length=" + length
                    + ", expected " + MIN_LENGTH + ".." + MAX_LENGTH);
        }
        byte rawType = header.get(TYPE_OFFSET);
        long taskId = header.getLong(TASK_ID_OFFSET);
        return new Frame(FrameType.ofCode(rawType), rawType, taskId, readPayload(in, length - MIN_LENGTH));
    }

    /** {@code size} bytes, never holding more than three times what has arrived, or one {@link #READ_STEP}. */
    private static byte[] readPayload(ReadableByteChannel in, int size) throws IOException {
        ByteBuffer payload = ByteBuffer.allocate(Math.min(size, READ_STEP));
        boolean whole = readFully(in, payload);
        while (whole && payload.capacity() < size) {
            ByteBuffer grown = ByteBuffer.allocate((int) Math.min(size, 2L * payload.capacity()));
            grown.put(payload.flip());
            whole = readFully(in, grown);
            payload = grown;
        }
        if (!whole) {
            throw new EOFException("worker channel closed in the middle of a frame: length=" + (MIN_LENGTH + size)
                    + " but only " + payload.position() + " of its " + size + " payload bytes arrived");
        }
        return payload.array();
    }

    /** Fills {@code buf}; at end of stream returns false, leaving what did arrive in it. */
    private static boolean readFully(ReadableByteChannel in, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (in.read(buf) < 0) {
                return false;
            }
        }
        return true;
    }
}
