package io.pools4j.fn;

import java.io.Serializable;

/**
 * A serializable task of two arguments.
 *
 * <p><b>Python:</b> a callable of two parameters, as in {@code executor.submit(pow, 323, 1235)}
 * or {@code executor.map(fn, xs, ys)}.
 *
 * @param <A> the first argument type
 * @param <B> the second argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface Fn2<A, B, R> extends Serializable {
    /** Computes the result for {@code (a, b)}; may throw anything. */
    R apply(A a, B b) throws Exception;
}
