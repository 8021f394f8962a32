package io.pools4j.worker;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/**
 * A task's exception across the wire: the child sends it serialized together with its printed
 * stack trace; the parent rebuilds the same type and attaches the trace as a
 * {@link RemoteTraceback} cause.
 *
 * <p><b>CPython:</b> {@code process.py}'s {@code _ExceptionWithTraceback} (child side) and
 * {@code _rebuild_exc} (parent side).
 */
final class RemoteErrors {

    private RemoteErrors() {}

    /** Child side: the ERROR payload for {@code error}. */
    static byte[] encode(Throwable error) {
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        byte[] serialized;
        try {
            serialized = Serial.serialize(error);
        } catch (IOException | RuntimeException e) {
            serialized = null; // the type cannot be rebuilt: the parent gets its name, message and trace
        }
        return Payloads.error(new Payloads.Error(error.getClass().getName(), error.getMessage(),
                trace.toString(), serialized));
    }

    /** Parent side: the exception to hand to the owner. */
    static Throwable rebuild(byte[] payload, long pid, List<ClassLoader> loaders) {
        Payloads.Error error;
        try {
            error = Payloads.error(payload);
        } catch (IOException e) {
            return new IOException("undecodable ERROR frame from worker pid " + pid + ": " + e, e);
        }
        RemoteTraceback remote = new RemoteTraceback(pid, error.trace());
        Throwable rebuilt = null;
        if (error.serialized() != null) {
            try {
                rebuilt = (Throwable) Serial.deserialize(error.serialized(), loaders);
            } catch (Exception | Error e) {
                remote.addSuppressed(e); // an Error too: the task waits for this answer (see WorkerHandle.deliverResult)
            }
        }
        if (rebuilt == null) {
            rebuilt = new NotSendableException("the task's exception " + error.className() + ": " + error.message()
                    + ",", error.className(), NotSendableException.Direction.FROM_WORKER,
                    "its stack trace from the worker is the cause", remote);
            return rebuilt;
        }
        try {
            rebuilt.initCause(remote);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // It already has a cause (which came across with it): keep that, add the trace beside it.
            rebuilt.addSuppressed(remote);
        }
        return rebuilt;
    }
}
