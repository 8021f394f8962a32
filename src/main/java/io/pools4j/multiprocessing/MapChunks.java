package io.pools4j.multiprocessing;

import io.pools4j.fn.Fn1;
import io.pools4j.fn.Fn2;
import io.pools4j.fn.Fn3;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How {@link Pool}'s {@code map} family cuts its input: Python's default chunk size, the checks
 * of {@code chunksize} and of {@code starmap}'s argument lists, and spreading a list over a
 * function's arguments.
 *
 * <p><b>CPython:</b> {@code Pool._map_async}'s {@code divmod(len(iterable), len(self._pool) * 4)}
 * and {@code multiprocessing.pool.starmapstar}.
 */
final class MapChunks {

    private MapChunks() {}

    /** Python's rule: four chunks per worker, rounded up; at least 1. */
    static int defaultChunksize(int items, int processes) {
        int size = items / (processes * 4);
        return Math.max(1, items % (processes * 4) == 0 ? size : size + 1);
    }

    /** @throws IllegalArgumentException if {@code chunksize < 1}, with Python's words */
    static int chunksize(int chunksize) {
        if (chunksize < 1) {
            throw new IllegalArgumentException("chunksize must be 1+, not " + chunksize);
        }
        return chunksize;
    }

    /** The whole input, read now (Python's map does {@code list(iterable)} too). */
    static <A> List<A> listOf(Iterable<? extends A> items) {
        Objects.requireNonNull(items, "items must not be null: pass the values to map over");
        List<A> all = new ArrayList<>();
        items.forEach(all::add);
        return all;
    }

    /** {@code items} in consecutive chunks of {@code size} (the last may be shorter). */
    static <A> List<List<A>> split(List<A> items, int size) {
        List<List<A>> chunks = new ArrayList<>();
        for (int from = 0; from < items.size(); from += size) {
            chunks.add(items.subList(from, Math.min(items.size(), from + size)));
        }
        return chunks;
    }

    /**
     * starmap's argument lists, read now and checked: each must be a list of {@code arity} values.
     *
     * @throws IllegalArgumentException naming the first item that is not, and its position
     */
    static List<List<?>> argLists(Iterable<? extends List<?>> argLists, int arity) {
        List<List<?>> all = listOf(argLists);
        for (int i = 0; i < all.size(); i++) {
            List<?> args = all.get(i);
            if (args == null || args.size() != arity) {
                throw new IllegalArgumentException("starmap item " + i + " is " + args + ", but fn takes " + arity
                        + " arguments: pass each item as a list of " + arity + " values, e.g. List.of(a, b)");
            }
        }
        return all;
    }

    /** {@code fn} applied to the two values of a list. */
    @SuppressWarnings("unchecked")
    static <A, B, R> Fn1<List<?>, R> spread(Fn2<? super A, ? super B, ? extends R> fn) {
        Objects.requireNonNull(fn, "fn must not be null");
        return args -> fn.apply((A) args.get(0), (B) args.get(1));
    }

    /** {@code fn} applied to the three values of a list. */
    @SuppressWarnings("unchecked")
    static <A, B, C, R> Fn1<List<?>, R> spread(Fn3<? super A, ? super B, ? super C, ? extends R> fn) {
        Objects.requireNonNull(fn, "fn must not be null");
        return args -> fn.apply((A) args.get(0), (B) args.get(1), (C) args.get(2));
    }
}
