package io.pools4j.fn;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A serializable task that takes no argument and returns a value.
 *
 * <p><b>Python:</b> a callable with no parameters, {@code executor.submit(fn)}.
 *
 * <p>It extends {@link Callable}, so that where a method takes both, a lambda resolves to
 * this (more specific) type and stays serializable.
 *
 * @param <R> the result type
 */
@FunctionalInterface
public interface Fn0<R> extends Callable<R>, Serializable {
    /** Computes the result; may throw anything, which the caller of {@code result()} receives. */
    @Override
    R call() throws Exception;
}
