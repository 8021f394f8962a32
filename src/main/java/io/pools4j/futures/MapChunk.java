package io.pools4j.futures;

import io.pools4j.fn.Fn0;
import io.pools4j.fn.Fn1;
import java.util.ArrayList;
import java.util.List;

/**
 * One chunk of an {@link Executor#map} call: applies {@code fn} to each item and returns the
 * results as a list. A named class, not a lambda, so that a process pool ships it as one task.
 *
 * <p><b>Python:</b> {@code concurrent.futures.process._process_chunk}.
 */
record MapChunk<A, R>(Fn1<? super A, ? extends R> fn, ArrayList<A> items) implements Fn0<List<R>> {
    @Override
    public List<R> call() throws Exception {
        List<R> results = new ArrayList<>(items.size());
        for (A item : items) {
            results.add(fn.apply(item));
        }
        return results;
    }
}
