package io.pools4j.futures;

import io.pools4j.fn.Fn1;
import io.pools4j.fn.Fn2;

/** A two-argument function applied to a {@link Pair}: Python's {@code map(fn, xs, ys)}. */
record PairFn<A, B, R>(Fn2<? super A, ? super B, ? extends R> fn) implements Fn1<Pair<A, B>, R> {
    @Override
    public R apply(Pair<A, B> pair) throws Exception {
        return fn.apply(pair.first(), pair.second());
    }
}
