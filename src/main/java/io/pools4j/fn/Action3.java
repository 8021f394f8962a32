package io.pools4j.fn;

import java.io.Serializable;

/**
 * A serializable task of three arguments that returns nothing, such as a {@code Process} target: a
 * method that returns {@code void} (or one whose result is not wanted) fits it, where
 * {@link Fn3} needs a result.
 *
 * <p><b>Python:</b> a callable of three arguments whose return value is ignored, as in {@code Process(target=f, args=(a, b, c))}.
 *
 * @param <A> the first argument type
 * @param <B> the second argument type
 * @param <C> the third argument type
 */
@FunctionalInterface
public interface Action3<A, B, C> extends Serializable {
    /** Does the work; may throw anything. */
    void run(A a, B b, C c) throws Exception;
}
