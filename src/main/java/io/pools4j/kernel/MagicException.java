package io.pools4j.kernel;

/**
 * A magic that cannot run: unknown name, bad arguments, a jar that is not there, an artifact
 * that does not resolve. The message says which and what to do.
 *
 * <p><b>IPython:</b> {@code UsageError} ("Line magic function `%foo` not found.").
 */
public final class MagicException extends Exception {

    MagicException(String message) {
        super(message);
    }

    MagicException(String message, Throwable cause) {
        super(message, cause);
    }
}
