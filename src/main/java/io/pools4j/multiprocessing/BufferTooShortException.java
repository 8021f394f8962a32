package io.pools4j.multiprocessing;

/**
 * Thrown by {@link Connection#recvBytesInto} when the message does not fit; the message is not lost:
 * {@link #messageBytes()} has it.
 *
 * <p><b>Python:</b> {@code multiprocessing.BufferTooShort}, the message in {@code e.args[0]}.
 */
public final class BufferTooShortException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final byte[] message;

    public BufferTooShortException(byte[] message, int room) {
        super("a " + message.length + "-byte message does not fit in the " + room + " bytes left in the buffer; "
                + "its bytes are in messageBytes()");
        this.message = message;
    }

    /** The whole message that did not fit. */
    public byte[] messageBytes() {
        return message.clone();
    }
}
