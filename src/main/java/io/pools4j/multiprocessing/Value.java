package io.pools4j.multiprocessing;

import java.io.Serial;
import java.io.Serializable;

/**
 * A number in shared memory with a lock: every process holding it sees the same value. Each
 * {@link #getValue()} and {@link #setValue} takes the lock, but a read-modify-write such as
 * {@code v.setValue(v.getValue().intValue() + 1)} is not atomic: hold {@link #getLock()} around it
 * ({@code try (var held = v.getLock().hold()) { ... }}), as in Python.
 *
 * <p><b>Python:</b> {@code multiprocessing.Value(typecode, value, *, lock=True)}.
 * <b>Differences from Python:</b> {@code .value} is {@code getValue()}/{@code setValue()}; type codes
 * only (no ctypes types or Structures); {@code lock=False} is {@link RawValue}, and {@code lock}
 * must be a {@link Lock} or {@link RLock} (Python's AttributeError for anything else is a compile error).
 */
public final class Value implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient SharedData data;
    private final transient SharedLock lock;
    private final transient SharedLock given;

    /**
     * A value with its own RLock.
     *
     * <p><b>Python:</b> {@code Value(typecode, value)}.
     *
     * @param typecode one of {@code c b B h H i I l L q Q f d}
     */
    public Value(String typecode, Number initial) {
        this(typecode, initial, null);
    }

    /**
     * A value that uses {@code lock}, which may be shared with other objects.
     *
     * <p><b>Python:</b> {@code Value(typecode, value, lock=lock)}.
     *
     * @param lock null for a new RLock of its own
     */
    public Value(String typecode, Number initial, SharedLock lock) {
        this.data = SharedData.create("value", typecode, 1, SharedData.lockKind(lock));
        this.given = lock;
        this.lock = data.lock(lock);
        data.set(0, initial);
    }

    private Value(SharedData data, SharedLock given) {
        this.data = data;
        this.given = given;
        this.lock = data.lock(given);
    }

    static Object attach(SharedForm form) {
        SharedData data = SharedData.attach(form);
        if (data.lockKind == SharedData.RAW) {
            return new RawValue(data);
        }
        return new Value(data, form.lock());
    }

    /** Reads the value under the lock. <p><b>Python:</b> {@code v.value}. */
    public Number getValue() {
        return data.get(lock, 0);
    }

    /** Writes the value under the lock. <p><b>Python:</b> {@code v.value = x}. */
    public void setValue(Number value) {
        data.set(lock, 0, value);
    }

    /** The lock guarding the value. <p><b>Python:</b> {@code get_lock()}. */
    public SharedLock getLock() {
        return lock;
    }

    /** The value without its lock. <p><b>Python:</b> {@code get_obj()}. */
    public RawValue getObj() {
        return new RawValue(data);
    }

    @Serial
    private Object writeReplace() {
        return data.form(SharedForm.Kind.VALUE, given);
    }

    @Override
    public String toString() {
        return "<Value " + data.describe() + " " + data.get(0) + ">";
    }
}
