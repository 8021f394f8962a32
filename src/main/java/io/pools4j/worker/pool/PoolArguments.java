package io.pools4j.worker.pool;

import io.pools4j.fn.Action;
import io.pools4j.fn.Fn0;
import io.pools4j.fn.Fn1;
import io.pools4j.multiprocessing.StartMethod;
import io.pools4j.worker.Call;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

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

    /**
     * Options a worker JVM takes before its main class, which pools4j sets itself: a class path,
     * a module or a jar to run. Prefixes, so that {@code --class-path=x} is caught too.
     */
    private static final List<String> SET_BY_POOLS4J = List.of("-cp", "-classpath", "--class-path", "-jar", "-p",
            "--module-path", "-m", "--module", "--upgrade-module-path");

    /**
     * Extra options for a pool's worker JVMs, checked: each is one JVM option of its own
     * ({@code -Xmx512m}, {@code -Dname=value}, {@code -javaagent:agent.jar}, {@code -XX:...}); an
     * option that takes a value is given as one argument ({@code --add-opens=m/p=ALL-UNNAMED}).
     *
     * @return an unmodifiable copy
     * @throws NullPointerException     if {@code options} or one of them is null
     * @throws IllegalArgumentException for a word that does not start with '-', or an option that
     *                                  pools4j sets itself (class path, module, jar)
     */
    public static List<String> jvmOptions(List<String> options) {
        Objects.requireNonNull(options, "jvmOptions must not be null: pass none for the default worker JVM");
        List<String> checked = new ArrayList<>(options.size());
        for (int i = 0; i < options.size(); i++) {
            String option = Objects.requireNonNull(options.get(i), "jvmOptions[" + i + "] is null; pass JVM options such as -Xmx512m");
            if (!option.startsWith("-") || option.isBlank() || option.strip().length() != option.length()) {
                throw new IllegalArgumentException("jvmOptions[" + i + "] is '" + option + "', which is not a JVM option: "
                        + "each must start with '-' (-Xmx512m, -Dname=value, -javaagent:agent.jar); give an option and "
                        + "its value as one argument, e.g. --add-opens=java.base/java.lang=ALL-UNNAMED");
            }
            for (String own : SET_BY_POOLS4J) {
                if (option.equals(own) || option.startsWith(own + "=")) {
                    throw new IllegalArgumentException("jvmOptions[" + i + "] is '" + option + "', which pools4j sets "
                            + "itself for its worker JVMs (class path, module, main class); leave it out: the classes "
                            + "a task needs are sent from this JVM when the worker asks for them");
                }
            }
            checked.add(option);
        }
        return List.copyOf(checked);
    }

    /**
     * The start method of a pool that has worker JVM options: SPAWN when none was asked for, and
     * never FORKSERVER, whose standbys were started before the pool with the default options and
     * cannot take others.
     *
     * @param asked     empty when the caller gave no start method
     * @param otherwise the start method without options or an asked one: the pool's own default
     * @throws IllegalArgumentException for FORKSERVER with options
     */
    public static StartMethod startMethodFor(List<String> jvmOptions, Optional<StartMethod> asked,
                                             Supplier<StartMethod> otherwise) {
        if (jvmOptions.isEmpty()) {
            return asked.orElseGet(otherwise);
        }
        StartMethod method = asked.orElse(StartMethod.SPAWN);
        if (method == StartMethod.FORKSERVER) {
            throw new IllegalArgumentException("StartMethod.FORKSERVER cannot take jvmOptions " + jvmOptions + ": its "
                    + "workers are standby JVMs started ahead of any pool with the default options; use "
                    + "StartMethod.SPAWN (the default for a pool with jvmOptions), or leave the jvmOptions out");
        }
        return method;
    }
}
