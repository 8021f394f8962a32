package io.pools4j.futures;

import io.pools4j.fn.Action;
import io.pools4j.fn.Fn0;
import io.pools4j.fn.Fn1;
import io.pools4j.fn.Fn2;
import io.pools4j.fn.Fn3;
import io.pools4j.worker.Chunk;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs tasks asynchronously: {@code submit} one, {@code map} a function over inputs,
 * {@code shutdown} when done. Closing an executor (try-with-resources) is Python's
 * {@code with} block: it waits for the pending work.
 *
 * <p><b>Python:</b> {@code concurrent.futures.Executor}. Implemented by
 * {@link ThreadPoolExecutor} (and by the process pool).
 *
 * <p><b>Differences from Python:</b> positional arguments come after the function, one
 * overload per arity ({@code submit(fn, a, b)}); {@code map}'s keyword arguments are trailing
 * parameters ({@code map(fn, items, timeout, chunksize)}) or a {@link MapOptions}
 * ({@code map(fn, items, MapOptions.buffersize(8))}); {@code shutdown(wait=False,
 * cancel_futures=True)} is {@code shutdown(NO_WAIT, CANCEL_FUTURES)}.
 *
 * <pre>{@code
 * try (Executor ex = new ThreadPoolExecutor(4)) {
 *     Future<Integer> f = ex.submit(x -> x * x, 7);
 *     for (int sq : ex.map(x -> x * x, List.of(1, 2, 3))) { ... }
 * }
 * }</pre>
 */
public interface Executor extends java.util.concurrent.Executor, AutoCloseable {

    /**
     * Schedules {@code fn} and returns its future.
     *
     * <p><b>Python:</b> {@code Executor.submit(fn)}.
     *
     * @throws java.util.concurrent.RejectedExecutionException after {@link #shutdown}
     * @throws BrokenExecutorException if the executor is broken
     */
    <R> Future<R> submit(Fn0<R> fn);

    /**
     * Shuts the executor down: no new tasks are accepted. Without options it waits until the
     * pending tasks have run and the workers have ended; it may be called more than once.
     *
     * <p><b>Python:</b> {@code Executor.shutdown(wait=True, cancel_futures=False)}.
     *
     * @param options {@link ShutdownOption#NO_WAIT} returns at once,
     *                {@link ShutdownOption#CANCEL_FUTURES} cancels the tasks not yet started
     */
    void shutdown(ShutdownOption... options);

    /** {@link #shutdown(ShutdownOption...)} with no option: what Python's {@code with} block does on exit. */
    @Override
    default void close() {
        shutdown();
    }

    /** <b>Python:</b> {@code Executor.submit(fn)} for a function that returns nothing. */
    default Future<Void> submit(Action fn) {
        Objects.requireNonNull(fn, "fn must not be null");
        return submit(() -> {
            fn.run();
            return null;
        });
    }

    /** <b>Python:</b> {@code Executor.submit(fn, a)}. */
    default <A, R> Future<R> submit(Fn1<? super A, ? extends R> fn, A a) {
        Objects.requireNonNull(fn, "fn must not be null");
        return submit((Fn0<R>) () -> fn.apply(a));
    }

    /** <b>Python:</b> {@code Executor.submit(fn, a, b)}, e.g. {@code submit(pow, 323, 1235)}. */
    default <A, B, R> Future<R> submit(Fn2<? super A, ? super B, ? extends R> fn, A a, B b) {
        Objects.requireNonNull(fn, "fn must not be null");
        return submit((Fn0<R>) () -> fn.apply(a, b));
    }

    /** <b>Python:</b> {@code Executor.submit(fn, a, b, c)}. */
    default <A, B, C, R> Future<R> submit(Fn3<? super A, ? super B, ? super C, ? extends R> fn, A a, B b, C c) {
        Objects.requireNonNull(fn, "fn must not be null");
        return submit((Fn0<R>) () -> fn.apply(a, b, c));
    }

    /**
     * The JDK's {@link java.util.concurrent.Executor#execute}: runs {@code command} as a task
     * whose future nobody sees (an exception it throws is kept in that future, not printed).
     */
    @Override
    default void execute(Runnable command) {
        Objects.requireNonNull(command, "command must not be null");
        submit((Fn0<Object>) () -> {
            command.run();
            return null;
        });
    }

    /**
     * {@code fn} applied to every item, concurrently; results in input order.
     *
     * <p><b>Python:</b> {@code Executor.map(fn, items)}. Every task is submitted now, before
     * the first result is asked for; iterating waits for each result in turn and throws the
     * first failing item's exception, after which the remaining tasks are cancelled.
     */
    default <A, R> MapIterator<R> map(Fn1<? super A, ? extends R> fn, Iterable<? extends A> items) {
        return map(fn, items, MapOptions.DEFAULTS);
    }

    /**
     * {@link #map(Fn1, Iterable)} with a deadline counted from this call.
     *
     * <p><b>Python:</b> {@code Executor.map(fn, items, timeout=t)}.
     *
     * @param timeout {@code null} for none; when it runs out, iteration throws
     *                {@link FutureTimeoutException} and cancels what has not started
     */
    default <A, R> MapIterator<R> map(Fn1<? super A, ? extends R> fn, Iterable<? extends A> items, Duration timeout) {
        return map(fn, items, MapOptions.timeout(timeout));
    }

    /**
     * {@link #map(Fn1, Iterable, Duration)} sending items in chunks of {@code chunksize}: each
     * chunk is one task (for a process pool, one message to a worker).
     *
     * <p><b>Python:</b> {@code Executor.map(fn, items, timeout=t, chunksize=n)}.
     *
     * @throws IllegalArgumentException if {@code chunksize < 1}
     */
    default <A, R> MapIterator<R> map(Fn1<? super A, ? extends R> fn, Iterable<? extends A> items,
                                      Duration timeout, int chunksize) {
        return map(fn, items, MapOptions.timeout(timeout).withChunksize(chunksize));
    }

    /**
     * {@link #map(Fn1, Iterable)} with keyword arguments: a timeout, a chunk size, and a
     * {@link MapOptions#withBuffersize buffersize} that makes map read its input as the results
     * are taken instead of all at the call, so that an endless input works:
     * {@code ex.map(fn, items, MapOptions.buffersize(8))}.
     *
     * <p><b>Python:</b> {@code Executor.map(fn, items, timeout=t, chunksize=n, buffersize=b)} (3.14).
     */
    default <A, R> MapIterator<R> map(Fn1<? super A, ? extends R> fn, Iterable<? extends A> items, MapOptions options) {
        Objects.requireNonNull(items, "items must not be null: pass an empty list for no work");
        return map(fn, items.iterator(), options);
    }

    /**
     * {@link #map(Fn1, Iterable, MapOptions)} over a stream, which is read as an iterator: with a
     * buffersize, {@code Stream.iterate(0, i -> i + 1)} works.
     *
     * <p><b>Python:</b> {@code Executor.map(fn, generator, buffersize=b)}.
     */
    default <A, R> MapIterator<R> map(Fn1<? super A, ? extends R> fn, Stream<? extends A> items, MapOptions options) {
        Objects.requireNonNull(items, "items must not be null: pass Stream.empty() for no work");
        return map(fn, items.iterator(), options);
    }

    /**
     * {@link #map(Fn1, Iterable, MapOptions)} over an iterator, read only as far as the options
     * say: all of it at the call without a buffersize, else {@code buffersize} tasks ahead.
     *
     * <p><b>Python:</b> {@code Executor.map(fn, iterator, timeout=t, chunksize=n, buffersize=b)}.
     */
    default <A, R> MapIterator<R> map(Fn1<? super A, ? extends R> fn, Iterator<? extends A> items, MapOptions options) {
        Objects.requireNonNull(fn, "fn must not be null");
        Objects.requireNonNull(items, "items must not be null: pass an empty iterator for no work");
        Objects.requireNonNull(options, "options must not be null: use MapOptions.DEFAULTS");
        int chunksize = options.chunksize();
        MapIterator.Source<R> source = () -> {
            if (!items.hasNext()) {
                return Optional.empty();
            }
            ArrayList<A> chunk = new ArrayList<>(chunksize);
            while (chunk.size() < chunksize && items.hasNext()) {
                chunk.add(items.next());
            }
            return Optional.of(submit(Chunk.of(fn, chunk)));
        };
        return new MapIterator<>(source, options);
    }

    /**
     * {@code fn} applied to pairs taken from two iterables, stopping at the shorter one.
     *
     * <p><b>Python:</b> {@code Executor.map(fn, xs, ys)}.
     */
    default <A, B, R> MapIterator<R> map(Fn2<? super A, ? super B, ? extends R> fn,
                                         Iterable<? extends A> xs, Iterable<? extends B> ys) {
        return map(fn, xs, ys, MapOptions.DEFAULTS);
    }

    /** <b>Python:</b> {@code Executor.map(fn, xs, ys, timeout=t, chunksize=n)}. */
    default <A, B, R> MapIterator<R> map(Fn2<? super A, ? super B, ? extends R> fn,
                                         Iterable<? extends A> xs, Iterable<? extends B> ys,
                                         Duration timeout, int chunksize) {
        return map(fn, xs, ys, MapOptions.timeout(timeout).withChunksize(chunksize));
    }

    /**
     * {@code fn} applied to pairs taken from two iterables, stopping at the shorter one, with
     * keyword arguments; with a buffersize both may be endless.
     *
     * <p><b>Python:</b> {@code Executor.map(fn, xs, ys, timeout=t, chunksize=n, buffersize=b)}.
     */
    default <A, B, R> MapIterator<R> map(Fn2<? super A, ? super B, ? extends R> fn,
                                         Iterable<? extends A> xs, Iterable<? extends B> ys, MapOptions options) {
        Objects.requireNonNull(fn, "fn must not be null");
        Objects.requireNonNull(xs, "xs must not be null");
        Objects.requireNonNull(ys, "ys must not be null");
        Iterator<? extends A> a = xs.iterator();
        Iterator<? extends B> b = ys.iterator();
        // Python's zip: read lazily, so that a buffersize bounds what is read of both.
        Iterator<Pair<A, B>> pairs = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return a.hasNext() && b.hasNext();
            }

            @Override
            public Pair<A, B> next() {
                return new Pair<>(a.next(), b.next());
            }
        };
        return map(new PairFn<>(fn), pairs, options);
    }
}
