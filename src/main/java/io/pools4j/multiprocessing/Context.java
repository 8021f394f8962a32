package io.pools4j.multiprocessing;

import io.pools4j.fn.Action;
import io.pools4j.fn.Action1;
import io.pools4j.fn.Action2;
import io.pools4j.fn.Action3;
import java.util.Objects;

/**
 * A start method and the factory of what is started with it: the pools, processes, queues and
 * locks made through a context use its start method.
 *
 * <p><b>Python:</b> {@code multiprocessing.get_context(method)}, the object whose attributes
 * mirror the module's ({@code ctx.get_start_method()}, {@code ctx.get_context()}; a concrete
 * context cannot change its start method).
 *
 * <p><b>Differences from Python:</b> the factories are lowercase, as Java methods are
 * ({@code ctx.pool(4)}, {@code ctx.queue()}, {@code ctx.process(...)}); get a context from
 * {@link Multiprocessing#getContext(StartMethod)};
 * there is no context for {@link StartMethod#FORK}, which a JVM cannot do. Python's
 * {@code ProcessPoolExecutor(mp_context=ctx)} is
 * {@code ProcessPoolExecutor.builder().startMethod(ctx.getStartMethod())}. A pool
 * whose workers need JVM options of their own is built with
 * {@code Pool.builder().context(ctx).jvmOptions(...)}, from a SPAWN context (FORKSERVER standbys
 * cannot take options).
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

    // ------------------------------------------------------------ what is made through a context

    /** A pool of {@link Multiprocessing#cpuCount()} workers started by this context's method. <b>Python:</b> {@code ctx.Pool()}. */
    public Pool pool() {
        return Pool.builder().context(this).build();
    }

    /** <b>Python:</b> {@code ctx.Pool(processes)}. */
    public Pool pool(int processes) {
        return Pool.builder().processes(processes).context(this).build();
    }

    /** A process started by this context's method. <b>Python:</b> {@code ctx.Process(target=f)}. */
    public Process process(Action target) {
        return new Process(target).setContext(this);
    }

    /** <b>Python:</b> {@code ctx.Process(target=f, args=(a,))}. */
    public <A> Process process(Action1<? super A> target, A a) {
        return new Process(target, a).setContext(this);
    }

    /** <b>Python:</b> {@code ctx.Process(target=f, args=(a, b))}. */
    public <A, B> Process process(Action2<? super A, ? super B> target, A a, B b) {
        return new Process(target, a, b).setContext(this);
    }

    /** <b>Python:</b> {@code ctx.Process(target=f, args=(a, b, c))}. */
    public <A, B, C> Process process(Action3<? super A, ? super B, ? super C> target, A a, B b, C c) {
        return new Process(target, a, b, c).setContext(this);
    }

    /**
     * A queue. <b>Python:</b> {@code ctx.Queue()}. The shared objects below work with processes of
     * every start method alike, so a context only makes them, as Python's does.
     */
    public <E> Queue<E> queue() {
        return new Queue<>();
    }

    /** <b>Python:</b> {@code ctx.Queue(maxsize)}. */
    public <E> Queue<E> queue(int maxsize) {
        return new Queue<>(maxsize);
    }

    /** <b>Python:</b> {@code ctx.JoinableQueue()}. */
    public <E> JoinableQueue<E> joinableQueue() {
        return new JoinableQueue<>();
    }

    /** <b>Python:</b> {@code ctx.SimpleQueue()}. */
    public <E> SimpleQueue<E> simpleQueue() {
        return new SimpleQueue<>();
    }

    /** <b>Python:</b> {@code ctx.Pipe()}. */
    public Pipe pipe() {
        return new Pipe();
    }

    /** <b>Python:</b> {@code ctx.Pipe(duplex=False)} is {@code pipe(Pipe.Duplex.ONE_WAY)}. */
    public Pipe pipe(Pipe.Duplex duplex) {
        return new Pipe(duplex);
    }

    /** <b>Python:</b> {@code ctx.Lock()}. */
    public Lock lock() {
        return new Lock();
    }

    /** <b>Python:</b> {@code ctx.RLock()}. */
    public RLock rLock() {
        return new RLock();
    }

    /** <b>Python:</b> {@code ctx.Semaphore(value)}. */
    public Semaphore semaphore(int value) {
        return new Semaphore(value);
    }

    /** <b>Python:</b> {@code ctx.Event()}. */
    public Event event() {
        return new Event();
    }

    /** <b>Python:</b> {@code ctx.Value(typecode, value)}. */
    public Value value(String typecode, Number initial) {
        return new Value(typecode, initial);
    }

    /** <b>Python:</b> {@code ctx.Array(typecode, size)}. */
    public Array array(String typecode, int size) {
        return new Array(typecode, size);
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
