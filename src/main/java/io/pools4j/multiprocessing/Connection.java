package io.pools4j.multiprocessing;

import io.pools4j.shm.MessageRing;
import io.pools4j.shm.Segment;
import io.pools4j.shm.WaitWord;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One end of a {@link Pipe}: whole messages (objects or bytes) to and from the other end, which may
 * be in another process. A Connection handed to a task or a process (captured by a lambda, or as
 * an argument) is the same end there: it maps the pipe's file.
 *
 * <p><b>Python:</b> {@code multiprocessing.connection.Connection}.
 * <b>Differences from Python:</b> messages go through two rings in shared memory, not a socket;
 * {@link #close()} closes this end in every process that holds it (Python closes one process's
 * handle, and a parent must close its copy of the child's end to see EOF: here, do not close an end
 * you have handed on); the other end's death counts as its close, so {@link #recv()} ends with
 * {@link EndOfPipeException} rather than waiting for ever. Errors Python raises as {@code OSError}
 * (closed, read-only, write-only) are {@link IllegalStateException}s; a bad offset or size (Python's
 * {@code ValueError}) is an {@link IllegalArgumentException}. Like Python, two processes or threads
 * using the same end at once corrupt it; threads of one process are serialised here.
 */
public final class Connection implements AutoCloseable, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient Segment segment;
    /** 1 for conn1, 2 for conn2. */
    private final transient int end;
    private final transient MessageRing in;
    private final transient MessageRing out;
    private final transient UnsafeBuffer header;
    private final transient Object readLock = new Object();
    private final transient Object writeLock = new Object();

    Connection(Segment segment, int end) {
        this.segment = segment;
        this.end = end;
        this.header = segment.buffer();
        this.in = Pipe.ring(segment, end == 1 ? 2 : 1);
        this.out = Pipe.ring(segment, end);
        attachHere();
    }

    static Connection attach(SharedForm form) {
        return new Connection(form.segment(), form.kind() == SharedForm.Kind.CONNECTION_1 ? 1 : 2);
    }

    /** Records this process as the one holding this end, so that the other end notices its death. */
    private void attachHere() {
        header.putIntVolatile(Pipe.pidOffset(end), Math.toIntExact(ProcessHandle.current().pid()));
    }

    /**
     * Sends {@code obj} as one message: a copy made now (Java serialization), so that changing
     * {@code obj} afterwards changes nothing. Waits while the pipe is full.
     *
     * <p><b>Python:</b> {@code Connection.send(obj)}.
     *
     * @throws IllegalArgumentException if {@code obj} is not serializable
     * @throws BrokenPipeException      if the other end is closed
     */
    public void send(Object obj) {
        sendBytes(Pickling.dumps(obj));
    }

    /** {@link #sendBytes(byte[], int, int)} of the whole array. <p><b>Python:</b> {@code send_bytes(buf)}. */
    public void sendBytes(byte[] buf) {
        sendBytes(buf, 0, buf.length);
    }

    /**
     * Sends {@code size} bytes of {@code buf} from {@code offset} as one message (empty ones too).
     *
     * <p><b>Python:</b> {@code Connection.send_bytes(buf, offset, size)}.
     *
     * @throws IllegalArgumentException if offset or size fall outside {@code buf}
     */
    public void sendBytes(byte[] buf, int offset, int size) {
        if (offset < 0 || offset > buf.length) {
            throw new IllegalArgumentException("offset must be in 0.." + buf.length + ", offset=" + offset);
        }
        if (size < 0 || offset + size > buf.length) {
            throw new IllegalArgumentException("size must be in 0.." + (buf.length - offset) + ", size=" + size);
        }
        checkWritable();
        synchronized (writeLock) {
            out.write(buf, offset, size, this::checkPeerReading);
        }
    }

    /**
     * Receives the next object, waiting for it.
     *
     * <p><b>Python:</b> {@code Connection.recv()}.
     *
     * @throws EndOfPipeException if nothing is left and the other end is closed or dead
     */
    public Object recv() {
        return Pickling.loads(recvBytes());
    }

    /** The next message's bytes, waiting for it. <p><b>Python:</b> {@code recv_bytes()}. */
    public byte[] recvBytes() {
        checkReadable();
        synchronized (readLock) {
            byte[] message = in.read(WaitWord.NO_DEADLINE, this::peerClosed, this::checkPeerAlive);
            if (message == null) {
                message = in.readNow();
            }
            if (message == null) {
                throw new EndOfPipeException("recv() on " + this + ": the pipe is drained and the other end is closed");
            }
            return message;
        }
    }

    /**
     * The next message's bytes, refusing one longer than {@code maxLength}: then this end is closed,
     * as in Python.
     *
     * <p><b>Python:</b> {@code recv_bytes(maxlength)} ({@code OSError("bad message length")}).
     */
    public byte[] recvBytes(int maxLength) {
        if (maxLength < 0) {
            throw new IllegalArgumentException("maxLength must be >= 0, maxLength=" + maxLength);
        }
        byte[] message = recvBytes();
        if (message.length > maxLength) {
            close();
            throw new IllegalStateException("bad message length: " + message.length + " bytes, maxLength=" + maxLength
                    + "; the connection is closed");
        }
        return message;
    }

    /** {@link #recvBytesInto(byte[], int)} at offset 0. <p><b>Python:</b> {@code recv_bytes_into(buf)}. */
    public int recvBytesInto(byte[] buf) {
        return recvBytesInto(buf, 0);
    }

    /**
     * Reads the next message into {@code buf} from {@code offset}.
     *
     * <p><b>Python:</b> {@code Connection.recv_bytes_into(buf, offset)}.
     *
     * @return the message's length
     * @throws BufferTooShortException if it does not fit (the message is in the exception)
     */
    public int recvBytesInto(byte[] buf, int offset) {
        if (offset < 0 || offset > buf.length) {
            throw new IllegalArgumentException("offset must be in 0.." + buf.length + ", offset=" + offset);
        }
        byte[] message = recvBytes();
        if (message.length > buf.length - offset) {
            throw new BufferTooShortException(message, buf.length - offset);
        }
        System.arraycopy(message, 0, buf, offset, message.length);
        return message.length;
    }

    /** Whether a message can be read now (or the other end is closed). <p><b>Python:</b> {@code poll()}. */
    public boolean poll() {
        return poll(Duration.ZERO);
    }

    /** {@link #poll(Duration)} in seconds, as Python writes it. */
    public boolean poll(double timeoutSeconds) {
        return poll(Deadlines.seconds(timeoutSeconds));
    }

    /**
     * Waits up to {@code timeout} for a message to read, or for the other end's close; reads nothing.
     *
     * <p><b>Python:</b> {@code Connection.poll(timeout)}.
     *
     * @param timeout null waits for ever (Python's {@code None}); zero or negative does not wait
     */
    public boolean poll(Duration timeout) {
        checkReadable();
        long deadline = Deadlines.of(timeout);
        return in.hasMessage() || peerClosed() || in.dataWord().await(() -> in.hasMessage() || peerClosed(), deadline,
                () -> { }, "poll() on " + this) || peerDead();
    }

    /** Longest sleep of {@link #await(List, Duration)} between two looks: its worst added wake-up latency. */
    private static final long AWAIT_MAX_PAUSE_NANOS = 5_000_000;

    /**
     * Waits until at least one of {@code objects} is ready, or {@code timeout} has passed, and
     * returns those ready, in the order given (empty after a timeout). A Connection is ready when
     * {@link #poll()} is true (a message, or the other end closed); a {@link Future}, such as
     * {@link Process#sentinel()}, when it is done.
     *
     * <p><b>Python:</b> {@code multiprocessing.connection.wait(object_list, timeout=None)}.
     * <b>Differences from Python:</b> named {@code await} because an unqualified {@code wait(...)}
     * in JShell is {@code Object.wait} (as {@link Event#await()}). A JVM cannot sleep on several
     * pipes' futex words at once, so this looks at every object, then sleeps a little (from 50
     * microseconds, doubling, up to 5 ms) and looks again: a ready object is seen within 5 ms, and
     * a long wait costs next to no CPU.
     *
     * @param timeout null waits for ever; zero or negative looks once
     * @throws IllegalArgumentException if an object is neither a Connection nor a Future
     * @throws IllegalStateException    if a Connection is closed or cannot be read
     * @throws java.util.concurrent.CancellationException when the waiting thread is interrupted
     *                                  (it keeps its interrupt flag)
     */
    public static List<Object> await(List<?> objects, Duration timeout) {
        for (int i = 0; i < objects.size(); i++) {
            Object o = objects.get(i);
            if (o instanceof Connection c) {
                c.checkReadable();
            } else if (!(o instanceof Future<?>)) {
                throw new IllegalArgumentException("object " + i + " is a " + (o == null ? "null" : o.getClass().getName())
                        + "; await() waits for Connections and Futures (such as Process.sentinel())");
            }
        }
        long deadline = Deadlines.of(timeout);
        for (long pause = 50_000; ; pause = Math.min(2 * pause, AWAIT_MAX_PAUSE_NANOS)) {
            List<Object> ready = new ArrayList<>();
            for (Object o : objects) {
                if (o instanceof Connection c ? c.poll() : ((Future<?>) o).isDone()) {
                    ready.add(o);
                }
            }
            long left = deadline - System.nanoTime();
            if (!ready.isEmpty() || left <= 0) {
                return ready;
            }
            LockSupport.parkNanos(Math.min(pause, left));
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException("await() on " + objects.size() + " objects was interrupted; nothing was read");
            }
        }
    }

    /** {@link #await(List, Duration)} in seconds, as Python writes it. */
    public static List<Object> await(List<?> objects, double timeoutSeconds) {
        return await(objects, Deadlines.seconds(timeoutSeconds));
    }

    /** {@link #await(List, Duration)} waiting for ever. <p><b>Python:</b> {@code wait(object_list)}. */
    public static List<Object> await(List<?> objects) {
        return await(objects, (Duration) null);
    }

    /**
     * Closes this end (in every process that holds it): the other end reads what was sent before,
     * then gets {@link EndOfPipeException}. Closing twice is allowed.
     *
     * <p><b>Python:</b> {@code Connection.close()}.
     */
    @Override
    public void close() {
        header.putIntVolatile(Pipe.closedOffset(end), 1);
        out.wakeAll();
        in.wakeAll();
    }

    /** <p><b>Python:</b> {@code Connection.closed}. */
    public boolean isClosed() {
        return header.getIntVolatile(Pipe.closedOffset(end)) != 0;
    }

    /** <p><b>Python:</b> {@code Connection.readable}: false for the sending end of a one-way pipe. */
    public boolean isReadable() {
        return end == 1 || Pipe.isDuplex(header);
    }

    /** <p><b>Python:</b> {@code Connection.writable}: false for the receiving end of a one-way pipe. */
    public boolean isWritable() {
        return end == 2 || Pipe.isDuplex(header);
    }

    private void checkOpen() {
        if (isClosed()) {
            throw new IllegalStateException("handle is closed: " + this);
        }
    }

    private void checkReadable() {
        checkOpen();
        if (!isReadable()) {
            throw new IllegalStateException("connection is write-only: " + this + " is the sending end of Pipe(ONE_WAY)");
        }
    }

    private void checkWritable() {
        checkOpen();
        if (!isWritable()) {
            throw new IllegalStateException("connection is read-only: " + this + " is the receiving end of Pipe(ONE_WAY)");
        }
        if (peerClosed()) {
            throw new BrokenPipeException("send() on " + this + ": the other end is closed");
        }
    }

    private int peer() {
        return end == 1 ? 2 : 1;
    }

    private boolean peerClosed() {
        return header.getIntVolatile(Pipe.closedOffset(peer())) != 0;
    }

    private boolean peerDead() {
        int pid = header.getIntVolatile(Pipe.pidOffset(peer()));
        return pid != 0 && pid != ProcessHandle.current().pid()
                && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Between sleeps of recv: a dead peer is a closed one (its process cannot close it any more). */
    private void checkPeerAlive() {
        if (peerDead()) {
            header.putIntVolatile(Pipe.closedOffset(peer()), 1);
        }
    }

    private void checkPeerReading() {
        checkPeerAlive();
        if (peerClosed()) {
            throw new BrokenPipeException("send() on " + this + ": the other end was closed while waiting for room");
        }
    }

    @Serial
    private Object writeReplace() {
        return new SharedForm(end == 1 ? SharedForm.Kind.CONNECTION_1 : SharedForm.Kind.CONNECTION_2, segment, 0);
    }

    @Override
    public String toString() {
        return "<Connection conn" + end + " of " + segment.path().getFileName() + (isClosed() ? " closed" : "") + ">";
    }
}
