package io.pools4j.multiprocessing;

/** Throws a task's own exception, checked or not, as Python re-raises it. */
final class Sneaky {
    private Sneaky() {}

    @SuppressWarnings("unchecked")
    static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
