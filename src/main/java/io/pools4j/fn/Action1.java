package io.pools4j.fn;

import java.io.Serializable;

/**
 * A serializable task of one argument that returns nothing, such as a {@code Process} target: a
 * method that returns {@code void} (or one whose result is not wanted) fits it, where
 * {@link Fn1} needs a result.
 *
 * <p><b>Python:</b> a callable of one argument whose return value is ignored, as in {@code Process(target=f, args=(a,))}.
 *
 * @param <A> the argument type
 */
@FunctionalInterface
public interface Action1<A> extends Serializable {
    /** Does the work; may throw anything. */
    void run(A a) throws Exception;
}
