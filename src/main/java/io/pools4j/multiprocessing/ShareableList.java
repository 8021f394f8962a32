package io.pools4j.multiprocessing;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A list of fixed length in a {@link SharedMemory} block, whose items are {@code long},
 * {@code double}, {@code boolean}, {@link String}, {@code byte[]} or null: every process that has
 * it (handed as a Process or task argument, or attached by {@link #shm()}'s name) reads and writes
 * the same items. Each item has a slot sized when the list was made: a string or byte array later
 * set into it must fit.
 *
 * <pre>{@code
 * var sl = ShareableList.of(1, 2.5, true, "howdy", null);     // sl = ShareableList([1, 2.5, True, 'howdy', None])
 * sl.set(3, "hi");                                              // sl[3] = 'hi'
 * var same = new ShareableList(sl.shm().name());                // ShareableList(name=sl.shm.name)
 * }</pre>
 *
 * <p><b>Python:</b> {@code multiprocessing.shared_memory.ShareableList(sequence, *, name=None)}:
 * {@code shm}, {@code format}, {@code count}, {@code index}, {@code sl[i]}, {@code sl[i] = v},
 * {@code len(sl)}.
 * <b>Differences from Python:</b> the block's layout is pools4j's own (drawn below), so a CPython
 * process cannot attach it as a ShareableList (the bytes are there for it as a SharedMemory).
 * Integers are stored as {@code long} (an {@code Integer} reads back as a {@code Long}), floats as
 * {@code double}. {@link #count} and {@link #index} compare with {@code equals} ({@code byte[]} by
 * content), so {@code 1L}, {@code 1.0} and {@code true} are different items, which Python's
 * {@code ==} takes for equal. A string keeps trailing {@code '\0'}s, which Python strips.
 * IndexError is {@link IndexOutOfBoundsException}; ValueError for a missing item
 * {@link NoSuchElementException}, for an item too long for its slot {@link IllegalArgumentException}.
 *
 * <pre>
 *   block:  0        8                       8 + 16 n
 *           +--------+-----------------------+-----------------------------------------+
 *           | n      | slot table, 16 B each | data: slot i at dataOffset(n) + offset_i,|
 *           | int64  |                       | capacity_i bytes                        |
 *           +--------+-----------------------+-----------------------------------------+
 *   slot:   0          4            8        12        16
 *           | offset   | capacity   | type   | length  |
 *           | int32    | int32: a   | int32  | int32:  |
 *           | into the | multiple   | (Type) | bytes   |
 *           | data     | of 8, >= 8 |        | used    |
 * </pre>
 * A set writes the data, then the length, then the type: as in Python, an item being set at the
 * same time as another process reads it may be read half-written; guard it with a {@link Lock}.
 */
public final class ShareableList implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Python's {@code _alignment}: every slot is a multiple of 8 bytes. */
    private static final int ALIGNMENT = 8;
    private static final int SLOT_BYTES = 16;
    private static final int TABLE_OFFSET = 8;
    private static final int OFFSET = 0;
    private static final int CAPACITY = 4;
    private static final int TYPE = 8;
    private static final int LENGTH = 12;

    /** What a slot holds; the code is the int in the block. */
    private enum Type {
        NONE, LONG, DOUBLE, BOOLEAN, STRING, BYTES;

        static Type of(int code, int slot) {
            if (code < 0 || code >= values().length) {
                throw new IllegalStateException("slot " + slot + " of a ShareableList has type code " + code
                        + "; the block is not a ShareableList, or was damaged");
            }
            return values()[code];
        }
    }

    /** The block; everything else is read from it, so that the list travels as the block does (by name). */
    private final SharedMemory shm;

    /**
     * Attaches the list made in block {@code name}.
     *
     * <p><b>Python:</b> {@code ShareableList(name=name)}.
     *
     * @throws java.io.UncheckedIOException caused by {@link java.nio.file.NoSuchFileException} if there is no such block
     * @throws IllegalArgumentException     if the block does not hold a ShareableList
     */
    public ShareableList(String name) {
        this(new SharedMemory(name));
        long n = shm.buf().get(JAVA_LONG, 0);
        if (n < 0 || TABLE_OFFSET + SLOT_BYTES * n > shm.size()) {
            throw new IllegalArgumentException("shared memory block '" + name + "' does not hold a ShareableList: "
                    + "it says n=" + n + " in " + shm.size() + " bytes");
        }
    }

    private ShareableList(SharedMemory shm) {
        this.shm = shm;
    }

    /** A new list of {@code items} in a new block. <p><b>Python:</b> {@code ShareableList([a, b, ...])}. */
    public static ShareableList of(Object... items) {
        return create(Arrays.asList(items));
    }

    /**
     * A new list holding {@code sequence}'s items in a new block with a fresh name.
     *
     * <p><b>Python:</b> {@code ShareableList(sequence)}.
     *
     * @throws IllegalArgumentException if an item is not a long, double, boolean, String, byte[] or
     *                                  null (an int, short, byte or float is widened)
     */
    public static ShareableList create(List<?> sequence) {
        return create(null, sequence);
    }

    /**
     * A new list holding {@code sequence}'s items in a new block named {@code name} (null: a fresh
     * name, as {@link #create(List)} gives).
     *
     * <p><b>Python:</b> {@code ShareableList(sequence, name=name)}.
     *
     * @throws IllegalArgumentException if an item is not of a type the list holds
     * @throws java.io.UncheckedIOException caused by {@link java.nio.file.FileAlreadyExistsException} if the name is taken
     */
    public static ShareableList create(String name, List<?> sequence) {
        int n = sequence.size();
        int[] capacities = new int[n];
        long data = 0;
        for (int i = 0; i < n; i++) {
            Object item = normalize(sequence.get(i), i);
            // Python's size for str and bytes: room for one more 8-byte word than the item fills.
            capacities[i] = item instanceof String || item instanceof byte[]
                    ? ALIGNMENT * (encode(item).length / ALIGNMENT + 1) : ALIGNMENT;
            data += capacities[i];
        }
        long size = dataOffset(n) + data;
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a ShareableList of these " + n + " items needs " + size
                    + " bytes, more than a SharedMemory block holds (" + Integer.MAX_VALUE + ")");
        }
        SharedMemory shm = name == null ? SharedMemory.create((int) size) : SharedMemory.create(name, (int) size);
        MemorySegment buf = shm.buf();
        buf.set(JAVA_LONG, 0, n);
        int offset = 0;
        for (int i = 0; i < n; i++) {
            long slot = TABLE_OFFSET + (long) SLOT_BYTES * i;
            buf.set(JAVA_INT, slot + OFFSET, offset);
            buf.set(JAVA_INT, slot + CAPACITY, capacities[i]);
            offset += capacities[i];
        }
        ShareableList list = new ShareableList(shm);
        for (int i = 0; i < n; i++) {
            list.set(i, sequence.get(i));
        }
        return list;
    }

    private static long dataOffset(long n) {
        return TABLE_OFFSET + SLOT_BYTES * n;
    }

    /** The block holding the list: its name attaches the list elsewhere. <p><b>Python:</b> {@code shm}. */
    public SharedMemory shm() {
        return shm;
    }

    /** How many items the list holds (fixed when it was made). <p><b>Python:</b> {@code len(sl)}. */
    public int size() {
        return (int) shm.buf().get(JAVA_LONG, 0);
    }

    /**
     * The item at {@code index}: a Long, Double, Boolean, String, byte[] (a copy) or null. A
     * negative index counts from the end, as in Python.
     *
     * <p><b>Python:</b> {@code sl[index]}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not within {@code -size() .. size() - 1}
     */
    public Object get(int index) {
        int i = position(index);
        MemorySegment buf = shm.buf();
        long slot = TABLE_OFFSET + (long) SLOT_BYTES * i;
        long at = dataOffset(size()) + buf.get(JAVA_INT, slot + OFFSET);
        int length = buf.get(JAVA_INT, slot + LENGTH);
        return switch (Type.of(buf.get(JAVA_INT, slot + TYPE), i)) {
            case NONE -> null;
            case LONG -> buf.get(JAVA_LONG, at);
            case DOUBLE -> buf.get(JAVA_DOUBLE, at);
            case BOOLEAN -> buf.get(JAVA_BYTE, at) != 0;
            case STRING -> new String(buf.asSlice(at, length).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
            case BYTES -> buf.asSlice(at, length).toArray(JAVA_BYTE);
        };
    }

    /**
     * Replaces the item at {@code index}; its type may change, but a String (as UTF-8) or byte[]
     * must fit the slot's bytes.
     *
     * <p><b>Python:</b> {@code sl[index] = value}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not within {@code -size() .. size() - 1}
     * @throws IllegalArgumentException  if {@code value} is too long for its slot, or of a type the list does not hold
     */
    public void set(int index, Object value) {
        int i = position(index);
        Object item = normalize(value, i);
        MemorySegment buf = shm.buf();
        long slot = TABLE_OFFSET + (long) SLOT_BYTES * i;
        long at = dataOffset(size()) + buf.get(JAVA_INT, slot + OFFSET);
        int capacity = buf.get(JAVA_INT, slot + CAPACITY);
        int length = 0;
        Type type;
        switch (item) {
            case null -> type = Type.NONE;
            case Long l -> {
                type = Type.LONG;
                buf.set(JAVA_LONG, at, l);
            }
            case Double d -> {
                type = Type.DOUBLE;
                buf.set(JAVA_DOUBLE, at, d);
            }
            case Boolean b -> {
                type = Type.BOOLEAN;
                buf.set(JAVA_BYTE, at, (byte) (b ? 1 : 0));
            }
            default -> {
                byte[] bytes = encode(item);
                if (bytes.length > capacity) {
                    throw new IllegalArgumentException("bytes/str item exceeds available storage: " + bytes.length
                            + " bytes for slot " + i + " of " + capacity + " bytes; a slot's size is fixed when the "
                            + "list is made, so make it with a longer item there");
                }
                type = item instanceof String ? Type.STRING : Type.BYTES;
                MemorySegment.copy(bytes, 0, buf, JAVA_BYTE, at, bytes.length);
                length = bytes.length;
            }
        }
        buf.set(JAVA_INT, slot + LENGTH, length);
        buf.set(JAVA_INT, slot + TYPE, type.ordinal());
    }

    /**
     * How many items equal {@code value} ({@code byte[]} by content).
     *
     * <p><b>Python:</b> {@code sl.count(value)}.
     */
    public int count(Object value) {
        int n = 0;
        for (int i = 0, size = size(); i < size; i++) {
            if (same(get(i), value)) {
                n++;
            }
        }
        return n;
    }

    /**
     * The position of the first item equal to {@code value} ({@code byte[]} by content).
     *
     * <p><b>Python:</b> {@code sl.index(value)}.
     *
     * @throws NoSuchElementException if no item equals it (Python's ValueError)
     */
    public int index(Object value) {
        for (int i = 0, size = size(); i < size; i++) {
            if (same(get(i), value)) {
                return i;
            }
        }
        throw new NoSuchElementException(describe(value) + " not in this container " + this);
    }

    /**
     * Python's struct format of the items, slot by slot: {@code q} a long, {@code d} a double,
     * {@code xxxxxxx?} a boolean, {@code xxxxxx?x} null, {@code <n>s} a String or byte[] in a slot of
     * n bytes. <p><b>Python:</b> {@code sl.format}.
     */
    public String format() {
        StringBuilder f = new StringBuilder();
        MemorySegment buf = shm.buf();
        for (int i = 0, size = size(); i < size; i++) {
            long slot = TABLE_OFFSET + (long) SLOT_BYTES * i;
            f.append(switch (Type.of(buf.get(JAVA_INT, slot + TYPE), i)) {
                case NONE -> "xxxxxx?x";
                case LONG -> "q";
                case DOUBLE -> "d";
                case BOOLEAN -> "xxxxxxx?";
                case STRING, BYTES -> buf.get(JAVA_INT, slot + CAPACITY) + "s";
            });
        }
        return f.toString();
    }

    /** A copy of the items, in order. <p><b>Python:</b> {@code list(sl)}. */
    public List<Object> toList() {
        List<Object> items = new ArrayList<>();
        for (int i = 0, size = size(); i < size; i++) {
            items.add(get(i));
        }
        return items;
    }

    /** As Python prints one: {@code ShareableList([1, 2.5, 'howdy'], name='psm_1a2b3c4d')}. */
    @Override
    public String toString() {
        List<String> items = new ArrayList<>();
        for (int i = 0, size = size(); i < size; i++) {
            items.add(describe(get(i)));
        }
        return "ShareableList([" + String.join(", ", items) + "], name='" + shm.name() + "')";
    }

    private int position(int index) {
        int size = size();
        int i = index < 0 ? index + size : index;
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("index " + index + " out of range for a ShareableList of " + size
                    + " items");
        }
        return i;
    }

    /** The stored form of {@code value}: Long, Double, Boolean, String, byte[] or null. */
    private static Object normalize(Object value, int position) {
        return switch (value) {
            case null -> null;
            case Long l -> l;
            case Integer n -> n.longValue();
            case Short n -> n.longValue();
            case Byte n -> n.longValue();
            case Double d -> d;
            case Float f -> f.doubleValue();
            case Boolean b -> b;
            case String s -> s;
            case byte[] b -> b;
            default -> throw new IllegalArgumentException("item " + position + " is a " + value.getClass().getName()
                    + "; a ShareableList holds long, double, boolean, String, byte[] and null only");
        };
    }

    private static byte[] encode(Object item) {
        return item instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : ((byte[]) item).clone();
    }

    private static boolean same(Object item, Object value) {
        Object v;
        try {
            v = normalize(value, -1);
        } catch (IllegalArgumentException e) {
            return false; // of a type the list cannot hold: equal to none of its items
        }
        return item instanceof byte[] a && v instanceof byte[] b ? Arrays.equals(a, b) : Objects.equals(item, v);
    }

    private static String describe(Object item) {
        return switch (item) {
            case null -> "None";
            case String s -> "'" + s + "'";
            case byte[] b -> "b'" + new String(b, StandardCharsets.ISO_8859_1) + "'";
            case Boolean b -> b ? "True" : "False";
            default -> item.toString();
        };
    }
}
