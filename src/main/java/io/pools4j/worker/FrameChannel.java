package io.pools4j.worker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * One worker's socket: frames in, frames out. Reading is done by one thread (the side's reader
 * loop); writing may come from any thread and is serialized here, so frames never interleave.
 *
 * <p>Throughput: reads go through a buffer, so a burst of small frames costs one system call
 * rather than two per frame; frames may be {@linkplain #queue queued} and written together by the
 * next {@link #send} or {@link #flush} (one gathering write), which is how a batch of tasks or of
 * results travels. Queued frames always go out before any later frame, so order is kept.
 *
 * <p><b>CPython:</b> {@code multiprocessing.connection.Connection}, with the write lock that
 * {@code SimpleQueue.put} takes.
 */
final class FrameChannel implements AutoCloseable {

    /** Read buffer size: many small frames per read, and most single tasks or results in one. */
    private static final int READ_BUFFER = 64 * 1024;

    private final SocketChannel channel;
    private final BufferedInput input;
    /** Guards writes to {@link #channel} and {@link #queued}: one whole frame at a time. */
    private final Object writeLock = new Object();
    /** Encoded frames waiting for the next send or flush. */
    private final List<ByteBuffer> queued = new ArrayList<>();

    FrameChannel(SocketChannel channel) {
        this.channel = channel;
        this.input = new BufferedInput(channel);
    }

    /** Writes the frame now, after any queued ones. */
    void send(FrameType type, long taskId, byte[] payload) throws IOException {
        send(new Frame(type, taskId, payload));
    }

    /** Writes the frame now, after any queued ones. */
    void send(Frame frame) throws IOException {
        ByteBuffer buf = WireDescriptor.encode(frame);
        synchronized (writeLock) {
            queued.add(buf);
            writeQueued();
        }
    }

    /** Queues the frame for the next send or flush; returns how many frames are now queued. */
    int queue(Frame frame) {
        ByteBuffer buf = WireDescriptor.encode(frame);
        synchronized (writeLock) {
            queued.add(buf);
            return queued.size();
        }
    }

    /** Writes whatever is queued. */
    void flush() throws IOException {
        synchronized (writeLock) {
            writeQueued();
        }
    }

    /** Whether frames are waiting to be written. */
    boolean hasQueued() {
        synchronized (writeLock) {
            return !queued.isEmpty();
        }
    }

    private void writeQueued() throws IOException {
        if (queued.isEmpty()) {
            return;
        }
        ByteBuffer[] bufs = queued.toArray(ByteBuffer[]::new);
        queued.clear();
        ByteBuffer last = bufs[bufs.length - 1];
        while (last.hasRemaining()) {
            channel.write(bufs);
        }
    }

    /** Blocks for the next frame; see {@link WireDescriptor#read} for the failures. */
    Frame receive() throws IOException {
        return WireDescriptor.read(input);
    }

    SocketChannel socket() {
        return channel;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing is best effort: the peer may already be gone, which is why we close.
        }
    }

    /** The socket seen through a read buffer; large reads bypass it. Used by the reader thread only. */
    private static final class BufferedInput implements ReadableByteChannel {
        private final SocketChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER).flip();

        BufferedInput(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (!buffer.hasRemaining()) {
                if (dst.remaining() >= READ_BUFFER) {
                    return channel.read(dst);
                }
                buffer.clear();
                int n = channel.read(buffer);
                buffer.flip();
                if (n <= 0) {
                    return n;
                }
            }
            int n = Math.min(dst.remaining(), buffer.remaining());
            dst.put(dst.position(), buffer, buffer.position(), n);
            dst.position(dst.position() + n);
            buffer.position(buffer.position() + n);
            return n;
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
