package io.pools4j.fn;

import java.io.Serializable;

/**
 * A serializable task of one argument.
 *
 * <p><b>Python:</b> a callable of one parameter, as passed to {@code executor.submit(fn, a)}
 * or {@code executor.map(fn, items)}.
 *
 * @param <A> the argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface Fn1<A, R> extends Serializable {
    /** Computes the result for {@code a}; may throw anything. */
    R apply(A a) throws Exception;
}
