package io.pools4j.fn;

import java.io.Serializable;

/**
 * A serializable task of two arguments that returns nothing, such as a {@code Process} target: a
 * method that returns {@code void} (or one whose result is not wanted) fits it, where
 * {@link Fn2} needs a result.
 *
 * <p><b>Python:</b> a callable of two arguments whose return value is ignored, as in {@code Process(target=f, args=(a, b))}.
 *
 * @param <A> the first argument type
 * @param <B> the second argument type
 */
@FunctionalInterface
public interface Action2<A, B> extends Serializable {
    /** Does the work; may throw anything. */
    void run(A a, B b) throws Exception;
}
