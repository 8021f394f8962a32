package io.pools4j.multiprocessing;

import io.pools4j.worker.LoaderObjectInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Objects to bytes and back for Queue and Connection: one tag byte, then a compact form for the
 * values most messages are, or Java serialization for the rest, resolving classes through the
 * caller's class loader (a notebook snippet's loader in the kernel, the shipping loader of a task
 * in a worker JVM), then the thread's context loader, then the default.
 *
 * <pre>
 *   tag  value     body                      why: a fresh ObjectOutputStream per item costs a few
 *   0    null      -                         microseconds, several times the ring hand-off
 *   1    Integer   int32                     (a Queue of Integers between two JVMs: ~160 k items/s
 *   2    Long      int64                     serialized, 1-2.5 M in this form), so common values skip it
 *   3    Double    IEEE 754 binary64
 *   4    String    UTF-8 bytes (the rest)
 *   5    byte[]    the bytes (the rest)
 *   6    other     Java serialization (the rest)
 * </pre>
 *
 * <p><b>Python:</b> {@code ForkingPickler.dumps} / {@code loads} in {@code Connection.send} and
 * {@code Queue.put}.
 */
final class Pickling {

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private Pickling() {}

    private static final byte NULL = 0;
    private static final byte INT = 1;
    private static final byte LONG = 2;
    private static final byte DOUBLE = 3;
    private static final byte STRING = 4;
    private static final byte BYTES = 5;
    private static final byte SERIAL = 6;

    static byte[] dumps(Object value) {
        return switch (value) {
            case null -> new byte[] {NULL};
            case Integer i -> ByteBuffer.allocate(5).put(INT).putInt(i).array();
            case Long l -> ByteBuffer.allocate(9).put(LONG).putLong(l).array();
            case Double d -> ByteBuffer.allocate(9).put(DOUBLE).putDouble(d).array();
            case String str -> tagged(STRING, str.getBytes(StandardCharsets.UTF_8));
            case byte[] b -> tagged(BYTES, b);
            default -> serialize(value);
        };
    }

    private static byte[] tagged(byte tag, byte[] body) {
        byte[] out = new byte[1 + body.length];
        out[0] = tag;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }

    private static byte[] serialize(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        bytes.write(SERIAL);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("cannot send a " + value.getClass().getName() + " to another process: "
                    + e.getMessage() + " is not Serializable; make it Serializable or send the data it holds", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize a " + value.getClass().getName(), e);
        }
        return bytes.toByteArray();
    }

    static Object loads(byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalStateException("an empty message is no object: it was sent with sendBytes, read it with recvBytes");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        return switch (bytes[0]) {
            case NULL -> null;
            case INT -> in.getInt();
            case LONG -> in.getLong();
            case DOUBLE -> in.getDouble();
            case STRING -> new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_8);
            case BYTES -> java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
            case SERIAL -> deserialize(bytes);
            default -> throw new IllegalStateException("not a message of send()/put(): tag " + bytes[0]
                    + "; bytes sent with sendBytes are read with recvBytes");
        };
    }

    private static Object deserialize(byte[] bytes) {
        List<ClassLoader> loaders = new ArrayList<>(2);
        WALKER.walk(frames -> frames.map(StackWalker.StackFrame::getDeclaringClass)
                .filter(c -> !c.getName().startsWith("io.pools4j.multiprocessing.")).findFirst())
                .map(Class::getClassLoader).ifPresent(loaders::add);
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            loaders.add(context);
        }
        try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1), loaders)) {
            return in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("cannot read a message: class " + e.getMessage() + " is not known here; "
                    + "receive it in code that can see the class (a task or a notebook cell)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot deserialize a " + bytes.length + "-byte message", e);
        }
    }
}
