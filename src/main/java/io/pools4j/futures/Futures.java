package io.pools4j.futures;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Waiting for many futures at once: {@link #wait} and {@link #asCompleted}.
 *
 * <p><b>Python:</b> the module functions {@code concurrent.futures.wait} and
 * {@code concurrent.futures.as_completed}.
 *
 * <p><b>Differences from Python:</b> call {@code wait} qualified, as {@code Futures.wait(...)}:
 * inside a class, and so inside every JShell snippet, an unqualified {@code wait(...)} means
 * {@link Object#wait()} before any static import is looked at. Timeouts are a {@link Duration}
 * ({@code null} for none) or seconds as a {@code double}.
 */
public final class Futures {

    private Futures() {}

    /**
     * Waits until every future is done; returns them all in {@code done}.
     *
     * <p><b>Python:</b> {@code concurrent.futures.wait(fs)}.
     */
    public static <T> DoneAndNotDone<T> wait(Collection<? extends Future<T>> fs) {
        return wait(fs, null, ReturnWhen.ALL_COMPLETED);
    }

    /** <b>Python:</b> {@code concurrent.futures.wait(fs, timeout=seconds, return_when=...)}. */
    public static <T> DoneAndNotDone<T> wait(Collection<? extends Future<T>> fs, double timeoutSeconds, ReturnWhen returnWhen) {
        return wait(fs, Timeouts.seconds(timeoutSeconds), returnWhen);
    }

    /**
     * Waits until {@code returnWhen} holds or {@code timeout} runs out, and returns the futures
     * split into done and not done. Never throws on timeout: it returns what is done by then.
     * Duplicates count once. A future cancelled but not yet noticed by its executor is not done
     * for this method (as in Python).
     *
     * <p><b>Python:</b> {@code concurrent.futures.wait(fs, timeout=None, return_when=ALL_COMPLETED)}.
     *
     * @param timeout {@code null} waits for ever
     */
    public static <T> DoneAndNotDone<T> wait(Collection<? extends Future<T>> fs, Duration timeout, ReturnWhen returnWhen) {
        if (fs == null || returnWhen == null) {
            throw new NullPointerException("fs and returnWhen must not be null, fs=" + fs + ", returnWhen=" + returnWhen);
        }
        long deadline = Timeouts.deadline(timeout);
        Set<Future<T>> all = new LinkedHashSet<>(fs);
        BlockingQueue<Future<?>> finished = new LinkedBlockingQueue<>();
        Consumer<Future<?>> waiter = finished::add;
        Set<Future<T>> done = new LinkedHashSet<>();
        List<Future<T>> watched = new ArrayList<>();
        try {
            for (Future<T> f : all) {
                if (f.addWaiterIfNotDone(waiter)) {
                    watched.add(f);
                } else {
                    done.add(f);
                }
            }
            while (!satisfied(done, all.size(), returnWhen)) {
                long left = deadline - System.nanoTime();
                Future<?> next = left <= 0 ? null : finished.poll(left, TimeUnit.NANOSECONDS);
                if (next == null) {
                    break;
                }
                done.add(cast(next));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            watched.forEach(f -> f.removeWaiter(waiter));
        }
        Set<Future<T>> notDone = new LinkedHashSet<>(all);
        notDone.removeAll(done);
        return new DoneAndNotDone<>(done, notDone);
    }

    /**
     * The futures, each as soon as it is done: those already done first, then in the order
     * they finish. Duplicates are yielded once.
     *
     * <p><b>Python:</b> {@code concurrent.futures.as_completed(fs)}.
     */
    public static <T> Iterable<Future<T>> asCompleted(Collection<? extends Future<T>> fs) {
        return asCompleted(fs, null);
    }

    /** <b>Python:</b> {@code concurrent.futures.as_completed(fs, timeout=seconds)}. */
    public static <T> Iterable<Future<T>> asCompleted(Collection<? extends Future<T>> fs, double timeoutSeconds) {
        return asCompleted(fs, Timeouts.seconds(timeoutSeconds));
    }

    /**
     * {@link #asCompleted(Collection)} with a deadline counted from this call: when it runs
     * out, iteration throws {@link FutureTimeoutException} saying how many are unfinished.
     *
     * <p><b>Python:</b> {@code concurrent.futures.as_completed(fs, timeout)}.
     *
     * @param timeout {@code null} waits for ever
     */
    public static <T> Iterable<Future<T>> asCompleted(Collection<? extends Future<T>> fs, Duration timeout) {
        if (fs == null) {
            throw new NullPointerException("fs must not be null");
        }
        AsCompleted<T> iterator = new AsCompleted<>(new LinkedHashSet<>(fs), timeout);
        return () -> iterator;
    }

    private static boolean satisfied(Set<? extends Future<?>> done, int total, ReturnWhen returnWhen) {
        return switch (returnWhen) {
            case FIRST_COMPLETED -> !done.isEmpty() || total == 0;
            case FIRST_EXCEPTION -> done.size() == total
                    || done.stream().anyMatch(Future::finishedWithException);
            case ALL_COMPLETED -> done.size() == total;
        };
    }

    @SuppressWarnings("unchecked")
    private static <T> Future<T> cast(Future<?> f) {
        return (Future<T>) f;
    }

    /** The iterator behind {@link #asCompleted}: registers one waiter on every pending future. */
    private static final class AsCompleted<T> implements Iterator<Future<T>> {
        private final Duration timeout;
        private final long deadline;
        private final int total;
        private final BlockingQueue<Future<?>> finished = new LinkedBlockingQueue<>();
        private final Consumer<Future<?>> waiter = finished::add;
        /** Futures carrying our waiter and not yet yielded; yielded ones are dropped so they can be collected. */
        private final Set<Future<?>> pending = new LinkedHashSet<>();
        private int yielded;

        AsCompleted(Set<Future<T>> fs, Duration timeout) {
            this.timeout = timeout;
            this.deadline = Timeouts.deadline(timeout);
            this.total = fs.size();
            for (Future<T> f : fs) {
                if (f.addWaiterIfNotDone(waiter)) {
                    pending.add(f);
                } else {
                    finished.add(f); // already done: yielded first, in the order given
                }
            }
        }

        @Override
        public boolean hasNext() {
            boolean more = yielded < total;
            if (!more) {
                pending.forEach(f -> f.removeWaiter(waiter));
            }
            return more;
        }

        @Override
        public Future<T> next() {
            if (!hasNext()) {
                throw new NoSuchElementException("asCompleted() has yielded every future");
            }
            long left = deadline - System.nanoTime();
            Future<?> next;
            try {
                next = timeout == null ? finished.take() : finished.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.util.concurrent.CancellationException("interrupted while waiting in asCompleted()");
            }
            if (next == null) {
                pending.forEach(f -> f.removeWaiter(waiter));
                throw new FutureTimeoutException((total - yielded) + " (of " + total + ") futures unfinished after "
                        + Timeouts.describe(timeout) + "; pass a longer timeout or none", timeout);
            }
            yielded++;
            pending.remove(next);
            next.removeWaiter(waiter);
            return cast(next);
        }
    }
}
