package io.pools4j.worker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * One worker's socket: frames in, frames out. Reading is done by one thread (the side's reader
 * loop); writing may come from any thread and is serialized here, so frames never interleave.
 *
 * <p><b>CPython:</b> {@code multiprocessing.connection.Connection}, with the write lock that
 * {@code SimpleQueue.put} takes.
 */
final class FrameChannel implements AutoCloseable {

    private final SocketChannel channel;
    /** Guards writes to {@link #channel}: one whole frame at a time. */
    private final Object writeLock = new Object();

    FrameChannel(SocketChannel channel) {
        this.channel = channel;
    }

    void send(FrameType type, long taskId, byte[] payload) throws IOException {
        send(new Frame(type, taskId, payload));
    }

    void send(Frame frame) throws IOException {
        ByteBuffer buf = WireDescriptor.encode(frame);
        synchronized (writeLock) {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        }
    }

    /** Blocks for the next frame; see {@link WireDescriptor#read} for the failures. */
    Frame receive() throws IOException {
        return WireDescriptor.read(channel);
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
}
