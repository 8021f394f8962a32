package io.pools4j.multiprocessing;

import java.util.Objects;

/**
 * A start method and the factory of what is started with it: the pools, processes, queues and
 * locks made through a context use its start method.
 *
 * <p><b>Python:</b> {@code multiprocessing.get_context(method)}, the object whose attributes
 * mirror the module's ({@code ctx.get_start_method()}, {@code ctx.get_context()}; a concrete
 * context cannot change its start method).
 *
 * <p><b>Differences from Python:</b> get one from {@link Multiprocessing#getContext(StartMethod)};
 * there is no context for {@link StartMethod#FORK}, which a JVM cannot do. Pass a context to
 * {@code ProcessPoolExecutor.builder().mpContext(ctx)} as Python's {@code mp_context}.
 */
public final class Context {

    private final StartMethod startMethod;

    Context(StartMethod startMethod) {
        this.startMethod = Objects.requireNonNull(startMethod, "startMethod").requireUsable();
    }

    /** The start method of everything made through this context. <b>Python:</b> {@code ctx.get_start_method()}. */
    public StartMethod getStartMethod() {
        return startMethod;
    }

    /** This context itself. <b>Python:</b> {@code ctx.get_context()}, which returns {@code ctx}. */
    public Context getContext() {
        return this;
    }

    /** The number of processors. <b>Python:</b> {@code ctx.cpu_count()}. */
    public int cpuCount() {
        return Multiprocessing.cpuCount();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Context other && other.startMethod == startMethod;
    }

    @Override
    public int hashCode() {
        return startMethod.hashCode();
    }

    /** As Python prints one: {@code <Context spawn>}. */
    @Override
    public String toString() {
        return "<Context " + startMethod.pythonName() + ">";
    }
}
