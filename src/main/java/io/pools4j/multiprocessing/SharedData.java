package io.pools4j.multiprocessing;

import io.pools4j.shm.Segment;
import io.pools4j.shm.ShmSession;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The file of a {@link Value}, {@link RawValue}, {@link Array} or {@link RawArray}: its own RLock
 * (used or not), what it holds, then the elements.
 *
 * <pre>
 *   0           24 (ShmMutex.LENGTH)      32         36         40         44       48
 *   +-----------+-------+----------+----------+----------+--------+--------------------------+
 *   | ShmMutex  | (pad) | typecode | length   | lock     | (pad)  | elements, length x size, |
 *   | own RLock |       | 'i', 'd' | elements | 0 raw    |        | 8-byte aligned           |
 *   |           |       |          | (1: Value| 1 own    |        |                          |
 *   |           |       |          |          | 2 given  |        |                          |
 *   +-----------+-------+----------+----------+----------+--------+--------------------------+
 * </pre>
 */
final class SharedData {

    static final int LOCK_OFFSET = 0;
    private static final int TYPECODE_OFFSET = 32;
    private static final int LENGTH_OFFSET = 36;
    private static final int LOCK_KIND_OFFSET = 40;
    static final int ELEMENTS_OFFSET = 48;
    static final int RAW = 0;
    static final int OWN_LOCK = 1;
    static final int GIVEN_LOCK = 2;

    final Segment segment;
    final CType type;
    final int length;
    final int lockKind;
    private final UnsafeBuffer buffer;

    private SharedData(Segment segment) {
        this.segment = segment;
        this.buffer = segment.buffer();
        this.type = CType.of((char) buffer.getIntVolatile(TYPECODE_OFFSET));
        this.length = buffer.getIntVolatile(LENGTH_OFFSET);
        this.lockKind = buffer.getIntVolatile(LOCK_KIND_OFFSET);
    }

    static SharedData create(String kind, String typecode, int length, int lockKind) {
        CType type = CType.of(typecode);
        if (length < 0) {
            throw new IllegalArgumentException("array size must be >= 0, size=" + length);
        }
        Segment segment = Segment.create(ShmSession.newFile(kind), ELEMENTS_OFFSET + Math.max(8L, (long) length * type.size));
        segment.buffer().putIntVolatile(TYPECODE_OFFSET, type.code);
        segment.buffer().putIntVolatile(LENGTH_OFFSET, length);
        segment.buffer().putIntVolatile(LOCK_KIND_OFFSET, lockKind);
        return new SharedData(segment);
    }

    static SharedData attach(SharedForm form) {
        return new SharedData(form.segment());
    }

    /** The lock a Value or Array uses: its own RLock, or the given one. */
    SharedLock lock(SharedLock given) {
        return lockKind == OWN_LOCK ? new RLock(segment, LOCK_OFFSET) : given;
    }

    static int lockKind(SharedLock given) {
        return given == null ? OWN_LOCK : GIVEN_LOCK;
    }

    Number get(int index) {
        checkIndex(index);
        return type.get(buffer, ELEMENTS_OFFSET + index * type.size);
    }

    void set(int index, Number value) {
        checkIndex(index);
        type.put(buffer, ELEMENTS_OFFSET + index * type.size, value);
    }

    /** Element {@code index} read while holding {@code lock}. */
    Number get(SharedLock lock, int index) {
        lock.acquire();
        try {
            return get(index);
        } finally {
            lock.release();
        }
    }

    /** Element {@code index} written while holding {@code lock}. */
    void set(SharedLock lock, int index, Number value) {
        lock.acquire();
        try {
            set(index, value);
        } finally {
            lock.release();
        }
    }

    List<Number> toList() {
        List<Number> all = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            all.add(get(i));
        }
        return all;
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("index must be in 0.." + (length - 1) + ", index=" + index);
        }
    }

    SharedForm form(SharedForm.Kind kind, SharedLock given) {
        return new SharedForm(kind, segment.path().toString(), 0, given);
    }

    String describe() {
        return "'" + type.code + "' " + segment.path().getFileName();
    }
}
