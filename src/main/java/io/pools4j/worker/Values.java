package io.pools4j.worker;

import java.io.IOException;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A compact codec for the values that most tasks pass and return (null, Long, Integer, Double,
 * Boolean, String), with Java serialization for everything else. Why: a fresh
 * ObjectOutputStream / ObjectInputStream per value writes and resolves class descriptors each time
 * and is much of the cost of a short task; it is also a lot of code for a new worker JVM to warm up
 * before it runs fast. A value is one tag byte, then its bytes (big-endian):
 *
 * <pre>
 *   tag  value          body
 *   0    null           -
 *   1    Long           int64
 *   2    Integer        int32
 *   3    Double         IEEE 754 binary64
 *   4    Boolean.FALSE  -
 *   5    Boolean.TRUE   -
 *   6    String         int32 length | UTF-8 bytes
 *   7    any other      Java serialization of the value (the rest of the encoding)
 *   8    ArrayList      int32 count | one value (tags 0-6) each: a list of simple values, as a
 *                       map chunk returns (only java.util.ArrayList itself, so that other lists
 *                       keep their own class through serialization)
 * </pre>
 *
 * Arguments ({@link #encodeArgs}) are an int32 count then one value each when every argument is a
 * simple value; otherwise the count is -1 and the rest is the Java serialization of the whole
 * {@code Object[]}, so objects shared between arguments stay shared.
 *
 * <p><b>CPython:</b> none needed there: pickle has compact opcodes for ints, floats and strings
 * ({@code BININT}, {@code BINFLOAT}, {@code SHORT_BINUNICODE}); this is our equivalent of them.
 */
final class Values {

    private static final byte NULL = 0;
    private static final byte LONG = 1;
    private static final byte INT = 2;
    private static final byte DOUBLE = 3;
    private static final byte FALSE = 4;
    private static final byte TRUE = 5;
    private static final byte STRING = 6;
    private static final byte SERIAL = 7;
    private static final byte LIST = 8;
    /** Strings longer than this (in chars) go through serialization: no gain in a custom path. */
    private static final int MAX_SIMPLE_STRING = 1 << 16;

    private Values() {}

    /** Whether {@code v} has a compact encoding. */
    static boolean isSimple(Object v) {
        return v == null || v instanceof Long || v instanceof Integer || v instanceof Double
                || v instanceof Boolean || (v instanceof String s && s.length() <= MAX_SIMPLE_STRING);
    }

    /** Whether every argument has a compact encoding. */
    static boolean allSimple(Object[] args) {
        for (Object a : args) {
            if (!isSimple(a)) {
                return false;
            }
        }
        return true;
    }

    /** One value; Java serialization for what is not simple (which may throw NotSerializableException). */
    static byte[] encode(Object v) throws IOException {
        if (v != null && v.getClass() == ArrayList.class) {
            Object[] items = ((ArrayList<?>) v).toArray();
            if (allSimple(items)) {
                byte[] body = encodeArgs(items);
                return ByteBuffer.allocate(1 + body.length).put(LIST).put(body).array();
            }
        }
        if (!isSimple(v)) {
            byte[] serial = Serial.serialize(v);
            return ByteBuffer.allocate(1 + serial.length).put(SERIAL).put(serial).array();
        }
        ByteBuffer buf = ByteBuffer.allocate(size(v));
        put(buf, v);
        return buf.array();
    }

    static Object decode(byte[] bytes, List<ClassLoader> loaders) throws IOException, ClassNotFoundException {
        if (bytes.length > 0 && bytes[0] == SERIAL) {
            return Serial.deserialize(Arrays.copyOfRange(bytes, 1, bytes.length), loaders);
        }
        if (bytes.length > 0 && bytes[0] == LIST) {
            return new ArrayList<>(Arrays.asList(decodeArgs(Arrays.copyOfRange(bytes, 1, bytes.length))));
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        Object v = get(buf);
        if (buf.hasRemaining()) {
            throw new IOException("corrupt value: " + buf.remaining() + " bytes after its end");
        }
        return v;
    }

    /** Arguments that are all simple (see {@link #allSimple}): count, then each value. */
    static byte[] encodeArgs(Object[] args) {
        int size = 4;
        for (Object a : args) {
            size += size(a);
        }
        ByteBuffer buf = ByteBuffer.allocate(size).putInt(args.length);
        for (Object a : args) {
            put(buf, a);
        }
        return buf.array();
    }

    static Object[] decodeArgs(byte[] bytes) throws IOException {
        if (bytes.length < 4) {
            throw new IOException("corrupt arguments: " + bytes.length + " bytes, fewer than their count's 4");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        int n = buf.getInt();
        if (n < 0 || n > bytes.length) {
            throw new IOException("corrupt arguments: count=" + n + " in " + bytes.length + " bytes");
        }
        Object[] args = new Object[n];
        for (int i = 0; i < n; i++) {
            args[i] = get(buf);
        }
        return args;
    }

    private static int size(Object v) {
        return switch (v) {
            case null -> 1;
            case Long l -> 9;
            case Integer i -> 5;
            case Double d -> 9;
            case Boolean b -> 1;
            case String s -> 5 + s.getBytes(StandardCharsets.UTF_8).length;
            default -> throw new IllegalArgumentException("not a simple value: " + v.getClass().getName());
        };
    }

    private static void put(ByteBuffer buf, Object v) {
        switch (v) {
            case null -> buf.put(NULL);
            case Long l -> buf.put(LONG).putLong(l);
            case Integer i -> buf.put(INT).putInt(i);
            case Double d -> buf.put(DOUBLE).putDouble(d);
            case Boolean b -> buf.put(b ? TRUE : FALSE);
            case String s -> {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                buf.put(STRING).putInt(utf8.length).put(utf8);
            }
            default -> throw new IllegalArgumentException("not a simple value: " + v.getClass().getName());
        }
    }

    private static Object get(ByteBuffer buf) throws IOException {
        try {
            byte tag = buf.get();
            return switch (tag) {
                case NULL -> null;
                case LONG -> buf.getLong();
                case INT -> buf.getInt();
                case DOUBLE -> buf.getDouble();
                case FALSE -> Boolean.FALSE;
                case TRUE -> Boolean.TRUE;
                case STRING -> {
                    int n = buf.getInt();
                    if (n < 0 || n > buf.remaining()) {
                        throw new IOException("corrupt string value: length=" + n + ", " + buf.remaining() + " bytes left");
                    }
                    String s = new String(buf.array(), buf.arrayOffset() + buf.position(), n, StandardCharsets.UTF_8);
                    buf.position(buf.position() + n);
                    yield s;
                }
                default -> throw new IOException("corrupt value: unknown tag " + tag);
            };
        } catch (java.nio.BufferUnderflowException e) {
            throw new IOException("corrupt value: it ends early", e);
        }
    }

    /**
     * For error messages: the type of an encoded value, read from its bytes without decoding it.
     * A serialized object's stream starts with its class descriptor: magic, version, TC_OBJECT,
     * TC_CLASSDESC, then the class name as modified UTF-8 (java.io.ObjectStreamConstants).
     */
    static String typeOf(byte[] encoded) {
        if (encoded.length == 0) {
            return "(empty value)";
        }
        return switch (encoded[0]) {
            case NULL -> "null";
            case LONG -> Long.class.getName();
            case INT -> Integer.class.getName();
            case DOUBLE -> Double.class.getName();
            case FALSE, TRUE -> Boolean.class.getName();
            case STRING -> String.class.getName();
            case LIST -> ArrayList.class.getName();
            case SERIAL -> serializedClassName(encoded);
            default -> "(unknown value tag " + encoded[0] + ")";
        };
    }

    private static String serializedClassName(byte[] encoded) {
        var in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(encoded, 1, encoded.length - 1));
        try {
            if (in.readShort() == java.io.ObjectStreamConstants.STREAM_MAGIC
                    && in.readShort() == java.io.ObjectStreamConstants.STREAM_VERSION
                    && in.readByte() == java.io.ObjectStreamConstants.TC_OBJECT
                    && in.readByte() == java.io.ObjectStreamConstants.TC_CLASSDESC) {
                return in.readUTF();
            }
        } catch (IOException e) {
            // too short or not a stream of ours: fall through
        }
        return "(a serialized value)";
    }

    /** For error messages: the type of a value that could not be serialized. */
    static String typeName(Object v, NotSerializableException e) {
        String name = v.getClass().getName();
        return name + (name.equals(e.getMessage()) ? "" : " (holding a " + e.getMessage() + ")");
    }
}
