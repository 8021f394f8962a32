package io.pools4j.multiprocessing;

import java.io.Serial;
import java.io.Serializable;

/**
 * A number in shared memory without a lock: each read and write is whole and seen by every
 * process at once, nothing more.
 *
 * <p><b>Python:</b> {@code multiprocessing.RawValue(typecode, value)}, and
 * {@code Value(typecode, value, lock=False)}.
 * <b>Differences from Python:</b> {@code .value} is {@code getValue()}/{@code setValue()}.
 */
public final class RawValue implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient SharedData data;

    /** <p><b>Python:</b> {@code RawValue(typecode, value)}. */
    public RawValue(String typecode, Number initial) {
        this(SharedData.create("rawvalue", typecode, 1, SharedData.RAW));
        data.set(0, initial);
    }

    RawValue(SharedData data) {
        this.data = data;
    }

    /** <p><b>Python:</b> {@code v.value}. */
    public Number getValue() {
        return data.get(0);
    }

    /** <p><b>Python:</b> {@code v.value = x}. */
    public void setValue(Number value) {
        data.set(0, value);
    }

    @Serial
    private Object writeReplace() {
        return data.form(SharedForm.Kind.VALUE, null);
    }

    @Override
    public String toString() {
        return "<RawValue " + data.describe() + " " + data.get(0) + ">";
    }
}
