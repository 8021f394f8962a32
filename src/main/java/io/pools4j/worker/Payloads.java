package io.pools4j.worker;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Payload layouts of the frames (the header is in {@link WireDescriptor}). Integers are
 * big-endian; {@code utf} is {@link DataOutputStream#writeUTF}; {@code bytes} is an int32
 * length then that many bytes (length -1 means "none").
 *
 * <pre>
 * TASK          int32 generation | uint8 form | int32 function id | bytes code | bytes args
 *               | int32 n | n x (utf class | utf field | bytes value): notebook variables
 *               form 0 SERIAL: code is the Java serialization of the Fn0; function id 0, args
 *                 none (-1)
 *               form 1 CALL: code is the Java serialization of a Call's function, args its
 *                 arguments in the {@link Values#encodeArgs} layout; function id 0
 *               form 2 CALL_STATELESS: as CALL, for a function that holds no state: the
 *                 worker decodes it once per generation and keeps it under its function id
 *                 (>= 1); code is sent with the first task of the id in a generation, and is
 *                 none (-1) after that
 *               form 3 CHUNK, form 4 CHUNK_STATELESS: as CALL and CALL_STATELESS for a {@link Chunk}
 *                 (a map chunk): code is its function, args its items
 * RESULT        the result, one {@link Values#encode} value (the whole payload)
 * ERROR         utf exception class | bytes message (UTF-8) | bytes child stack trace (UTF-8)
 *               | bytes serialized exception (-1 when it could not be serialized)
 * CLASS_REQUEST int32 generation | utf class name
 * CLASS_BYTES   int32 generation | utf class name | bytes class file (-1: parent has none)
 * OUTPUT        uint8 stream (1 = System.out, 2 = System.err) | the line, UTF-8, no newline
 * CANCEL, SHUTDOWN  empty
 * </pre>
 *
 * <p><b>CPython:</b> the fields of {@code process.py}'s {@code _CallItem} and {@code _ResultItem};
 * the generation is ours: it names the child class loader a task must run in (see
 * {@link ClassServer}).
 */
final class Payloads {

    static final byte STDOUT = 1;
    static final byte STDERR = 2;

    private Payloads() {}

    /** A notebook variable (a static field of a snippet class) and its value at submit time. */
    record StaticValue(String className, String field, byte[] value) {}

    static final byte SERIAL = 0;
    static final byte CALL = 1;
    static final byte CALL_STATELESS = 2;
    static final byte CHUNK = 3;
    static final byte CHUNK_STATELESS = 4;

    /** Whether the form sends its function by id (see the layout above). */
    static boolean isStateless(byte form) {
        return form == CALL_STATELESS || form == CHUNK_STATELESS;
    }

    /** A TASK frame's body: see the layout above; {@code task} is the form's code bytes. */
    record Task(int generation, byte form, int functionId, byte[] task, byte[] args, List<StaticValue> statics) {
        /** A task in the SERIAL form: the whole Fn0 serialized. */
        Task(int generation, byte[] task, List<StaticValue> statics) {
            this(generation, SERIAL, 0, task, null, statics);
        }
    }

    record ClassBytes(int generation, String name, byte[] bytes) {}

    record ClassRequest(int generation, String name) {}

    record Error(String className, String message, String trace, byte[] serialized) {}

    record Output(byte stream, String line) {}

    static byte[] task(Task t) {
        return write(out -> {
            out.writeInt(t.generation());
            out.writeByte(t.form());
            out.writeInt(t.functionId());
            writeBytes(out, t.task());
            writeBytes(out, t.args());
            out.writeInt(t.statics().size());
            for (StaticValue s : t.statics()) {
                out.writeUTF(s.className());
                out.writeUTF(s.field());
                writeBytes(out, s.value());
            }
        });
    }

    static Task task(byte[] payload) throws IOException {
        try {
            return readTask(in(payload));
        } catch (EOFException e) {
            throw endsEarly("TASK", payload);
        }
    }

    private static Task readTask(DataInputStream in) throws IOException {
        int generation = in.readInt();
        byte form = in.readByte();
        if (form < SERIAL || form > CHUNK_STATELESS) {
            throw new IOException("corrupt TASK payload: unknown form " + form);
        }
        int functionId = in.readInt();
        byte[] task = readBytes(in);
        byte[] args = readBytes(in);
        if (isStateless(form) != (functionId > 0)) {
            throw new IOException("corrupt TASK payload: function id " + functionId + " in form " + form);
        }
        if ((task == null && !isStateless(form)) || (form != SERIAL && args == null)) {
            throw new IOException("corrupt TASK payload: " + (task == null ? "no code" : "no arguments"));
        }
        int n = in.readInt();
        List<StaticValue> statics = new ArrayList<>(Math.max(0, Math.min(n, 1024)));
        for (int i = 0; i < n; i++) {
            statics.add(new StaticValue(in.readUTF(), in.readUTF(), readBytes(in)));
        }
        return new Task(generation, form, functionId, task, args, statics);
    }

    static byte[] classBytes(ClassBytes c) {
        return write(out -> {
            out.writeInt(c.generation());
            out.writeUTF(c.name());
            writeBytes(out, c.bytes());
        });
    }

    static ClassBytes classBytes(byte[] payload) throws IOException {
        DataInputStream in = in(payload);
        try {
            return new ClassBytes(in.readInt(), in.readUTF(), readBytes(in));
        } catch (EOFException e) {
            throw endsEarly("CLASS_BYTES", payload);
        }
    }

    static byte[] classRequest(ClassRequest r) {
        return write(out -> {
            out.writeInt(r.generation());
            out.writeUTF(r.name());
        });
    }

    static ClassRequest classRequest(byte[] payload) throws IOException {
        DataInputStream in = in(payload);
        try {
            return new ClassRequest(in.readInt(), in.readUTF());
        } catch (EOFException e) {
            throw endsEarly("CLASS_REQUEST", payload);
        }
    }

    static byte[] error(Error e) {
        return write(out -> {
            out.writeUTF(e.className());
            writeBytes(out, utf8(e.message()));
            writeBytes(out, utf8(e.trace()));
            writeBytes(out, e.serialized());
        });
    }

    static Error error(byte[] payload) throws IOException {
        try {
            return readError(in(payload));
        } catch (EOFException e) {
            throw endsEarly("ERROR", payload);
        }
    }

    private static Error readError(DataInputStream in) throws IOException {
        String cls = in.readUTF();
        byte[] message = readBytes(in);
        byte[] trace = readBytes(in);
        return new Error(cls, message == null ? null : new String(message, StandardCharsets.UTF_8),
                trace == null ? "" : new String(trace, StandardCharsets.UTF_8), readBytes(in));
    }

    static byte[] output(byte stream, String line) {
        byte[] text = line.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[1 + text.length];
        payload[0] = stream;
        System.arraycopy(text, 0, payload, 1, text.length);
        return payload;
    }

    static Output output(byte[] payload) throws IOException {
        if (payload.length == 0 || (payload[0] != STDOUT && payload[0] != STDERR)) {
            throw new IOException("OUTPUT frame without a valid stream byte: "
                    + (payload.length == 0 ? "empty payload" : "stream=" + payload[0]));
        }
        return new Output(payload[0], new String(payload, 1, payload.length - 1, StandardCharsets.UTF_8));
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    private static DataInputStream in(byte[] payload) {
        return new DataInputStream(new ByteArrayInputStream(payload));
    }

    /**
     * For a payload that ends before its layout does: DataInputStream's own EOFException has no
     * message. Plain try/catch at each decoder rather than a lambda: the TASK decoder is on a new
     * worker's path to its first result, where the first lambda costs ~10 ms (WorkerMain).
     */
    private static EOFException endsEarly(String type, byte[] payload) {
        return new EOFException("corrupt " + type + " payload: it ends early (" + payload.length + " bytes)");
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(b.length);
            out.write(b);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n == -1) {
            return null;
        }
        if (n < 0 || n > in.available()) {
            throw new IOException("corrupt payload: field length=" + n + " but " + in.available()
                    + " bytes left");
        }
        return in.readNBytes(n);
    }
}
