package io.pools4j.worker.pool;

import io.pools4j.fn.Action;
import io.pools4j.fn.Fn0;
import io.pools4j.fn.Fn1;
import io.pools4j.multiprocessing.StartMethod;
import io.pools4j.worker.Call;
import java.util.Objects;
import java.util.Optional;

/**
 * The checks of the arguments every pool builder takes (ThreadPoolExecutor, ProcessPoolExecutor,
 * multiprocessing.Pool), written once so that their messages agree.
 *
 * <p><b>CPython:</b> the argument checks at the top of {@code ThreadPoolExecutor.__init__},
 * {@code ProcessPoolExecutor.__init__} and {@code Pool.__init__} ("max_workers must be greater
 * than 0", "initializer must be a callable").
 */
public final class PoolArguments {

    private PoolArguments() {}

    /** @throws IllegalArgumentException if {@code maxWorkers <= 0} */
    public static int maxWorkers(int maxWorkers) {
        if (maxWorkers <= 0) {
            throw new IllegalArgumentException("maxWorkers must be greater than 0, maxWorkers=" + maxWorkers);
        }
        return maxWorkers;
    }

    /**
     * multiprocessing.Pool's name for the same bound, with Python's words.
     *
     * @throws IllegalArgumentException if {@code processes < 1}
     */
    public static int processes(int processes) {
        if (processes < 1) {
            throw new IllegalArgumentException("Number of processes must be at least 1, processes=" + processes);
        }
        return processes;
    }

    /** @throws IllegalArgumentException if {@code n < 1} */
    public static int maxTasksPerChild(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("maxTasksPerChild must be >= 1, maxTasksPerChild=" + n);
        }
        return n;
    }

    /**
     * @throws NullPointerException     if {@code method} is null
     * @throws IllegalArgumentException for {@code FORK} (see {@link StartMethod#requireUsable()})
     */
    public static StartMethod startMethod(StartMethod method) {
        Objects.requireNonNull(method, "method must not be null: use StartMethod.SPAWN or StartMethod.FORKSERVER");
        return method.requireUsable();
    }

    /** An initializer without arguments; {@code null} for none (the constructors' convention). */
    public static Optional<Fn0<?>> initializer(Action initializer) {
        return initializer == null ? Optional.empty() : Optional.of(Call.of(initializer));
    }

    /**
     * An initializer and its argument: Python's {@code initializer=fn, initargs=(arg,)}.
     *
     * @throws NullPointerException if {@code initializer} is null
     */
    @SuppressWarnings("unchecked")
    public static <A> Optional<Fn0<?>> initializer(Fn1<? super A, ?> initializer, A initarg) {
        Objects.requireNonNull(initializer, "initializer must not be null");
        return Optional.of(Call.of((Fn1<A, Object>) initializer, initarg));
    }
}
