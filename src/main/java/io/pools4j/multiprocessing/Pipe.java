package io.pools4j.multiprocessing;

import io.pools4j.shm.MessageRing;
import io.pools4j.shm.Segment;
import io.pools4j.shm.ShmSession;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A pair of connected {@link Connection}s: what one end sends, the other receives, message by
 * message, across processes.
 *
 * <pre>
 *   Pipe file (one per pipe, in the session directory):
 *   0        4         8         12       16       20            64            64 + R
 *   +--------+---------+---------+--------+--------+-------------+-------------+-------------+
 *   | duplex | closed1 | closed2 | pid1   | pid2   | (pad)       | ring 1:     | ring 2:     |
 *   | 1 / 0  | conn1   | conn2   | holder | holder |             | conn1 sends | conn2 sends |
 *   +--------+---------+---------+--------+--------+-------------+-------------+-------------+
 *   R = MessageRing.length(RING_CAPACITY); each ring has one writer (Agrona OneToOneRingBuffer);
 *   a message longer than the ring's maxMsgLength travels in parts (MessageRing's FIRST/MORE).
 *   pidN: the process that last took the end (created it, or received it), watched by the other end.
 * </pre>
 *
 * <p><b>Python:</b> {@code multiprocessing.Pipe(duplex=True)} returning {@code (conn1, conn2)}.
 * <b>Differences from Python:</b> a class, as Java has no tuples: {@code var p = new Pipe();
 * p.conn1(); p.conn2();}; shared memory instead of a
 * socketpair.
 */
public final class Pipe {

    /** Which ways messages go. <p><b>Python:</b> the {@code duplex} argument. */
    public enum Duplex {
        /** Both ends send and receive ({@code duplex=True}). */
        TWO_WAY,
        /** conn1 only receives, conn2 only sends ({@code duplex=False}). */
        ONE_WAY
    }

    /**
     * Bytes of each direction's ring: 1 MiB keeps a stream of 64 KiB messages flowing without the
     * writer waiting, and costs memory only where touched (tmpfs pages). Messages of up to 128 KiB
     * (Agrona's capacity/8) go whole, longer ones in parts.
     */
    static final int RING_CAPACITY = 1 << 20;
    private static final int DUPLEX_OFFSET = 0;
    private static final int CLOSED_OFFSET = 4;
    private static final int PID_OFFSET = 12;
    private static final int RINGS_OFFSET = 64;

    private final Connection conn1;
    private final Connection conn2;

    /** A two-way pipe. <p><b>Python:</b> {@code Pipe()}. */
    public Pipe() {
        this(Duplex.TWO_WAY);
    }

    /** <p><b>Python:</b> {@code Pipe(duplex)}. */
    public Pipe(Duplex duplex) {
        Segment segment = Segment.create(ShmSession.newFile("pipe"), RINGS_OFFSET + 2L * MessageRing.length(RING_CAPACITY));
        segment.buffer().putIntVolatile(DUPLEX_OFFSET, duplex == Duplex.TWO_WAY ? 1 : 0);
        this.conn1 = new Connection(segment, 1);
        this.conn2 = new Connection(segment, 2);
    }

    /** The first end: receives only, for {@link Duplex#ONE_WAY}. */
    public Connection conn1() {
        return conn1;
    }

    /** The second end: sends only, for {@link Duplex#ONE_WAY}. */
    public Connection conn2() {
        return conn2;
    }

    static MessageRing ring(Segment segment, int writerEnd) {
        return new MessageRing(segment, RINGS_OFFSET + (writerEnd - 1) * MessageRing.length(RING_CAPACITY), RING_CAPACITY,
                MessageRing.Producers.ONE);
    }

    static int closedOffset(int end) {
        return CLOSED_OFFSET + (end - 1) * 4;
    }

    static int pidOffset(int end) {
        return PID_OFFSET + (end - 1) * 4;
    }

    static boolean isDuplex(UnsafeBuffer header) {
        return header.getIntVolatile(DUPLEX_OFFSET) != 0;
    }

    @Override
    public String toString() {
        return "<Pipe " + conn1 + " " + conn2 + ">";
    }
}
