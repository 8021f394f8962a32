package io.pools4j.fn;

import java.io.Serializable;

/**
 * A serializable task that returns nothing, such as a {@code Process} target or an
 * initializer.
 *
 * <p><b>Python:</b> a callable whose return value is {@code None}.
 *
 * <p>Unlike {@link Runnable}, {@link #run()} may throw checked exceptions.
 */
@FunctionalInterface
public interface Action extends Serializable {
    /** Does the work; may throw anything. */
    void run() throws Exception;
}
