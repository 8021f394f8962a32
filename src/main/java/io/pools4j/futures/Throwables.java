package io.pools4j.futures;

/** Rethrowing a task's own exception from methods that declare none, as Python re-raises it. */
final class Throwables {
    private Throwables() {}

    /**
     * Throws {@code t} unchanged, checked or not. The generic cast is erased, so the compiler
     * lets a checked exception through; callers write {@code throw Throwables.sneaky(t)} so that
     * flow analysis knows the call does not return.
     */
    @SuppressWarnings("unchecked")
    static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
