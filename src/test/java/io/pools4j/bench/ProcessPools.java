package io.pools4j.bench;

import io.pools4j.futures.Executor;
import java.lang.reflect.InvocationTargetException;

/**
 * Where the benchmark gets its process pools: {@code new ProcessPoolExecutor(n)} and
 * {@code ProcessPoolExecutor.builder().maxWorkers(n).startMethod(StartMethod.FORKSERVER).build()}.
 *
 * <p><b>Python:</b> {@code concurrent.futures.ProcessPoolExecutor(n, mp_context=...)}.
 *
 * <p>Why by name: the benchmark was written beside the executor, on a branch where it did not
 * exist yet; looking it up at run time lets this harness compile and run its other workloads on
 * any branch, and report the process-pool rows as missing rather than fail. Replace with direct
 * calls once every branch has the executor.
 */
final class ProcessPools {

    private static final String EXECUTOR = "io.pools4j.futures.ProcessPoolExecutor";
    private static final String START_METHOD = "io.pools4j.multiprocessing.StartMethod";

    private ProcessPools() {}

    /** Whether this build has ProcessPoolExecutor. */
    static boolean available() {
        return type(EXECUTOR) != null;
    }

    /** {@code new ProcessPoolExecutor(maxWorkers)}. */
    static Executor spawn(int maxWorkers) throws Exception {
        return (Executor) construct(type(EXECUTOR), maxWorkers);
    }

    /** The FORKSERVER start method's pool, or null when this build has no such start method. */
    static Executor forkserver(int maxWorkers) throws Exception {
        Class<?> executor = type(EXECUTOR);
        Class<?> startMethod = startMethodType();
        if (executor == null || startMethod == null) {
            return null;
        }
        Object forkserver;
        try {
            forkserver = startMethod.getField("FORKSERVER").get(null);
        } catch (NoSuchFieldException e) {
            return null;
        }
        Object builder = executor.getMethod("builder").invoke(null);
        builder = builder.getClass().getMethod("maxWorkers", int.class).invoke(builder, maxWorkers);
        builder = builder.getClass().getMethod("startMethod", startMethod).invoke(builder, forkserver);
        return (Executor) builder.getClass().getMethod("build").invoke(builder);
    }

    private static Class<?> startMethodType() {
        Class<?> t = type(START_METHOD);
        return t != null ? t : type("io.pools4j.futures.StartMethod");
    }

    private static Object construct(Class<?> type, int maxWorkers) throws Exception {
        if (type == null) {
            throw new IllegalStateException(EXECUTOR + " is not in this build; merge the branch that adds it");
        }
        try {
            return type.getConstructor(int.class).newInstance(maxWorkers);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static Class<?> type(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }
}
