package io.pools4j.futures;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The keyword arguments of {@link Executor#map(io.pools4j.fn.Fn1, Iterable, MapOptions)}:
 * {@code timeout}, {@code chunksize} and {@code buffersize}, each named where it is given.
 * Immutable: each {@code with...} returns a new value.
 *
 * <pre>{@code
 * ex.map(fn, Stream.iterate(0, i -> i + 1), MapOptions.buffersize(8))       // an endless input
 * ex.map(fn, items, MapOptions.chunksize(100).withTimeout(Duration.ofSeconds(5)))
 * }</pre>
 *
 * <p><b>Python:</b> {@code Executor.map(fn, *iterables, timeout=None, chunksize=1, buffersize=None)}
 * (3.14).
 *
 * <p><b>Differences from Python:</b> a value of its own instead of keyword arguments, which Java
 * lacks (three positional numbers in a row would be easy to swap); {@code buffersize} must be a
 * whole number, so Python's {@code TypeError} for {@code buffersize="foo"} cannot happen.
 */
public final class MapOptions {

    /** No timeout, chunks of one item, every item submitted at the call: Python's defaults. */
    public static final MapOptions DEFAULTS = new MapOptions(Optional.empty(), 1, OptionalInt.empty());

    private final Optional<Duration> timeout;
    private final int chunksize;
    private final OptionalInt buffersize;

    private MapOptions(Optional<Duration> timeout, int chunksize, OptionalInt buffersize) {
        this.timeout = timeout;
        this.chunksize = chunksize;
        this.buffersize = buffersize;
    }

    /** {@link #DEFAULTS} with a timeout. <b>Python:</b> {@code timeout=t}. */
    public static MapOptions timeout(Duration timeout) {
        return DEFAULTS.withTimeout(timeout);
    }

    /** {@link #DEFAULTS} with a chunk size. <b>Python:</b> {@code chunksize=n}. */
    public static MapOptions chunksize(int chunksize) {
        return DEFAULTS.withChunksize(chunksize);
    }

    /** {@link #DEFAULTS} with a buffer size. <b>Python:</b> {@code buffersize=n}. */
    public static MapOptions buffersize(int buffersize) {
        return DEFAULTS.withBuffersize(buffersize);
    }

    /**
     * A deadline counted from the {@code map} call: iteration past it throws
     * {@link FutureTimeoutException} and cancels what has not started.
     *
     * @param timeout {@code null} for none (Python's {@code timeout=None})
     */
    public MapOptions withTimeout(Duration timeout) {
        return new MapOptions(Optional.ofNullable(timeout), chunksize, buffersize);
    }

    /**
     * Items sent to a worker as one task (for a process pool, one message); a thread pool runs a
     * chunk as one task too.
     *
     * @throws IllegalArgumentException if {@code chunksize < 1}
     */
    public MapOptions withChunksize(int chunksize) {
        return new MapOptions(timeout, checkedChunksize(chunksize), buffersize);
    }

    /**
     * Tasks submitted ahead of the one the caller waits for: {@code map} reads only enough of its
     * input for {@code buffersize} tasks at the call, and one task's worth more each time the
     * caller reaches the next task's results, so that an endless or huge input works. With a
     * {@link #withChunksize chunksize} of {@code c}, a task is {@code c} items.
     *
     * @throws IllegalArgumentException if {@code buffersize < 1}
     */
    public MapOptions withBuffersize(int buffersize) {
        if (buffersize < 1) {
            throw new IllegalArgumentException("buffersize must be >= 1, buffersize=" + buffersize
                    + "; leave it out to submit every item at the call");
        }
        return new MapOptions(timeout, chunksize, OptionalInt.of(buffersize));
    }

    /** The deadline's length, if one was given. */
    public Optional<Duration> timeout() {
        return timeout;
    }

    /** Items per task; 1 unless given. */
    public int chunksize() {
        return chunksize;
    }

    /** Tasks submitted ahead; empty when the whole input is submitted at the call. */
    public OptionalInt buffersize() {
        return buffersize;
    }

    /** The check of the positional {@code map(fn, items, timeout, chunksize)} too, so that the messages agree. */
    static int checkedChunksize(int chunksize) {
        if (chunksize < 1) {
            throw new IllegalArgumentException("chunksize must be >= 1, chunksize=" + chunksize);
        }
        return chunksize;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MapOptions m && timeout.equals(m.timeout) && chunksize == m.chunksize
                && buffersize.equals(m.buffersize);
    }

    @Override
    public int hashCode() {
        return Objects.hash(timeout, chunksize, buffersize);
    }

    @Override
    public String toString() {
        return "MapOptions[timeout=" + timeout.map(Timeouts::describe).orElse("none") + ", chunksize=" + chunksize
                + ", buffersize=" + (buffersize.isPresent() ? Integer.toString(buffersize.getAsInt()) : "none") + "]";
    }
}
