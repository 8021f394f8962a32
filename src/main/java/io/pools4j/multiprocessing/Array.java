package io.pools4j.multiprocessing;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;

/**
 * A fixed-length array of numbers in shared memory with a lock: every process holding it sees the
 * same elements. Each element access takes the lock; hold {@link #getLock()} around several.
 *
 * <p><b>Python:</b> {@code multiprocessing.Array(typecode, size_or_initializer, *, lock=True)}.
 * <b>Differences from Python:</b> {@code a[i]} is {@code get(i)}/{@code set(i, x)}, {@code a[:]} is
 * {@link #toList()}, {@code len(a)} is {@link #length()}; an index out of range throws
 * {@link IndexOutOfBoundsException} (Python's IndexError); no slicing assignment; type codes only;
 * {@code lock=False} is {@link RawArray}.
 */
public final class Array implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient SharedData data;
    private final transient SharedLock lock;
    private final transient SharedLock given;

    /** {@code size} zeros. <p><b>Python:</b> {@code Array(typecode, size)}. */
    public Array(String typecode, int size) {
        this(typecode, size, (SharedLock) null);
    }

    /** {@code size} zeros guarded by {@code lock} (null: an RLock of its own). <p><b>Python:</b> {@code Array(typecode, size, lock=lock)}. */
    public Array(String typecode, int size, SharedLock lock) {
        this.data = SharedData.create("array", typecode, size, SharedData.lockKind(lock));
        this.given = lock;
        this.lock = data.lock(lock);
    }

    /** A copy of {@code values}. <p><b>Python:</b> {@code Array(typecode, sequence)}. */
    public Array(String typecode, List<? extends Number> values) {
        this(typecode, values, null);
    }

    /** A copy of {@code values} guarded by {@code lock}. <p><b>Python:</b> {@code Array(typecode, sequence, lock=lock)}. */
    public Array(String typecode, List<? extends Number> values, SharedLock lock) {
        this(typecode, values.size(), lock);
        for (int i = 0; i < values.size(); i++) {
            data.set(i, values.get(i));
        }
    }

    private Array(SharedData data, SharedLock given) {
        this.data = data;
        this.given = given;
        this.lock = data.lock(given);
    }

    static Object attach(SharedForm form) {
        SharedData data = SharedData.attach(form);
        if (data.lockKind == SharedData.RAW) {
            return new RawArray(data);
        }
        return new Array(data, form.lock());
    }

    /** <p><b>Python:</b> {@code len(a)}. */
    public int length() {
        return data.length;
    }

    /** Element {@code index}, read under the lock. <p><b>Python:</b> {@code a[index]}. */
    public Number get(int index) {
        return data.get(lock, index);
    }

    /** Writes element {@code index} under the lock. <p><b>Python:</b> {@code a[index] = value}. */
    public void set(int index, Number value) {
        data.set(lock, index, value);
    }

    /** Every element, read under the lock at once. <p><b>Python:</b> {@code a[:]}. */
    public List<Number> toList() {
        lock.acquire();
        try {
            return data.toList();
        } finally {
            lock.release();
        }
    }

    /** <p><b>Python:</b> {@code get_lock()}. */
    public SharedLock getLock() {
        return lock;
    }

    /** The array without its lock. <p><b>Python:</b> {@code get_obj()}. */
    public RawArray getObj() {
        return new RawArray(data);
    }

    @Serial
    private Object writeReplace() {
        return data.form(SharedForm.Kind.ARRAY, given);
    }

    @Override
    public String toString() {
        return "<Array " + data.describe() + " " + data.length + " elements>";
    }
}
