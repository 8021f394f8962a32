package io.pools4j.fn;

import java.io.Serializable;

/**
 * A serializable task of three arguments.
 *
 * <p><b>Python:</b> a callable of three parameters, {@code executor.submit(fn, a, b, c)}.
 *
 * @param <A> the first argument type
 * @param <B> the second argument type
 * @param <C> the third argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface Fn3<A, B, C, R> extends Serializable {
    /** Computes the result for {@code (a, b, c)}; may throw anything. */
    R apply(A a, B b, C c) throws Exception;
}
