package io.pools4j.multiprocessing;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;

/**
 * A fixed-length array of numbers in shared memory without a lock.
 *
 * <p><b>Python:</b> {@code multiprocessing.RawArray(typecode, size_or_initializer)}.
 * <b>Differences from Python:</b> those of {@link Array}'s element access.
 */
public final class RawArray implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient SharedData data;

    /** {@code size} zeros. <p><b>Python:</b> {@code RawArray(typecode, size)}. */
    public RawArray(String typecode, int size) {
        this(SharedData.create("rawarray", typecode, size, SharedData.RAW));
    }

    /** A copy of {@code values}. <p><b>Python:</b> {@code RawArray(typecode, sequence)}. */
    public RawArray(String typecode, List<? extends Number> values) {
        this(typecode, values.size());
        for (int i = 0; i < values.size(); i++) {
            data.set(i, values.get(i));
        }
    }

    RawArray(SharedData data) {
        this.data = data;
    }

    /** <p><b>Python:</b> {@code len(a)}. */
    public int length() {
        return data.length;
    }

    /** <p><b>Python:</b> {@code a[index]}. */
    public Number get(int index) {
        return data.get(index);
    }

    /** <p><b>Python:</b> {@code a[index] = value}. */
    public void set(int index, Number value) {
        data.set(index, value);
    }

    /** <p><b>Python:</b> {@code a[:]}. */
    public List<Number> toList() {
        return data.toList();
    }

    @Serial
    private Object writeReplace() {
        return data.form(SharedForm.Kind.ARRAY, null);
    }

    @Override
    public String toString() {
        return "<RawArray " + data.describe() + " " + data.length + " elements>";
    }
}
