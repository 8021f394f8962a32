package io.pools4j.multiprocessing;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Thrown by {@link Connection#send} when the other end of the pipe is closed or its process died.
 *
 * <p><b>Python:</b> {@code BrokenPipeError} from {@code Connection.send()}.
 * <b>Differences from Python:</b> unchecked; raised as soon as the other end is closed, where Python
 * raises only once the socket buffer has filled or the peer's socket is gone.
 */
public final class BrokenPipeException extends UncheckedIOException {

    private static final long serialVersionUID = 1L;

    public BrokenPipeException(String message) {
        super(message, new IOException(message));
    }
}
