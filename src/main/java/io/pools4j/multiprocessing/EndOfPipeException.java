package io.pools4j.multiprocessing;

import java.io.EOFException;
import java.io.UncheckedIOException;

/**
 * Thrown by {@link Connection#recv()} and its relatives when nothing is left to read and the other
 * end is closed (or its process has died).
 *
 * <p><b>Python:</b> {@code EOFError} from {@code Connection.recv()}.
 * <b>Differences from Python:</b> unchecked, so that a task lambda need not declare it; its cause is
 * a {@link java.io.EOFException}, and it is an {@link UncheckedIOException} for those who catch I/O
 * failures as one.
 */
public final class EndOfPipeException extends UncheckedIOException {

    private static final long serialVersionUID = 1L;

    public EndOfPipeException(String message) {
        super(message, new EOFException(message));
    }
}
