package io.pools4j.worker;

import io.pools4j.fn.Fn0;
import io.pools4j.fn.Fn1;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One chunk of a {@code map} call: a function applied to each item in turn, the results returned
 * as one list. A process pool sends it as one task; when its items are simple values (see
 * {@link Values}) the function travels apart from them, and a stateless one by its id, as a
 * {@link Call}'s does.
 *
 * <p><b>CPython:</b> {@code concurrent.futures.process._process_chunk}, and
 * {@code multiprocessing.pool.mapstar}.
 *
 * @param <A> the item type
 * @param <R> the result type of one item
 */
public final class Chunk<A, R> implements Fn0<List<R>> {

    private final Fn1<? super A, ? extends R> fn;
    private final Object[] items;

    private Chunk(Fn1<? super A, ? extends R> fn, Object[] items) {
        this.fn = fn;
        this.items = items;
    }

    /** {@code fn} over {@code items}, in order (the items are copied). */
    public static <A, R> Chunk<A, R> of(Fn1<? super A, ? extends R> fn, List<? extends A> items) {
        return new Chunk<>(fn, items.toArray());
    }

    /** A chunk rebuilt in the worker from its decoded function and items (the CHUNK task forms). */
    @SuppressWarnings("unchecked")
    static Chunk<?, ?> bind(Object fn, Object[] items) {
        return new Chunk<>((Fn1<Object, Object>) fn, items);
    }

    /** The items themselves, not a copy: for the packer, which only reads them. */
    Object[] itemsView() {
        return items;
    }

    /** The function. */
    Fn1<? super A, ? extends R> fn() {
        return fn;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<R> call() throws Exception {
        List<R> results = new ArrayList<>(items.length);
        for (Object item : items) {
            results.add(fn.apply((A) item));
        }
        return results;
    }

    @Override
    public String toString() {
        return "Chunk[" + fn + ", items=" + Arrays.toString(items) + "]";
    }
}
