package io.pools4j.worker;

import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.Objects;

/**
 * How worker JVMs are started.
 *
 * <p><b>CPython:</b> what {@code multiprocessing.spawn.get_command_line} and
 * {@code set_executable} decide, plus the executor's per-worker prefetch
 * ({@code EXTRA_QUEUED_CALLS} in {@code process.py}).
 *
 * @param javaBinary the {@code java} launcher; by default the parent's own
 * @param classPath  the worker's class path: the pools4j jar (or classes directory) only, since
 *                   everything else is shipped from the parent on demand
 * @param jvmFlags   extra JVM flags, before the main class
 * @param namePrefix workers are named {@code namePrefix-N} (in {@code ps}, {@code jstack}, errors)
 * @param cacheDir   where the start-up cache (AOT cache) is kept, or null for none
 * @param poolFlags  a pool's own JVM options ({@code -Xmx512m}, {@code -Dk=v}), after {@code jvmFlags};
 *                   the start-up cache is trained with {@code jvmFlags} alone and used with the pool's
 *                   where the JVM accepts it silently (see {@link PoolFlags})
 */
public record WorkerOptions(Path javaBinary, String classPath, List<String> jvmFlags, String namePrefix,
                            Path cacheDir, List<String> poolFlags) {

    /**
     * Flags that cut start-up and footprint without slowing tasks (measured, see
     * docs/worker-startup.md): the serial collector is no slower to start, uses less memory and suits one task at a time; a JVM
     * out of memory is left in an unknown state, so it exits and is reported as dead. Agrona 2.x
     * (the shared-memory rings of io.pools4j.shm, used by a Queue or Pipe a task receives) reaches
     * jdk.internal.misc.Unsafe, which java.base exports only when asked, and their futex waits
     * call syscall(2) through FFM (without the flag the JVM warns on stderr, which reaches the cell).
     */
    public static final List<String> DEFAULT_FLAGS = List.of(
            "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            "--enable-native-access=ALL-UNNAMED");

    /** One task running and one more waiting per worker: Python keeps one extra call queued. */
    public static final int DEFAULT_PREFETCH = 2;

    public WorkerOptions {
        Objects.requireNonNull(javaBinary, "javaBinary");
        Objects.requireNonNull(classPath, "classPath");
        jvmFlags = List.copyOf(jvmFlags);
        Objects.requireNonNull(namePrefix, "namePrefix");
        poolFlags = List.copyOf(poolFlags);
    }

    /** The parent's java, the pools4j code, {@link #DEFAULT_FLAGS}, AOT cache in ~/.cache/pools4j. */
    public static WorkerOptions defaults() {
        return new WorkerOptions(parentJava(), workerClassPath(), DEFAULT_FLAGS, "pools4j-worker",
                Path.of(System.getProperty("user.home"), ".cache", "pools4j"), List.of());
    }

    public WorkerOptions withJvmFlags(List<String> flags) {
        return new WorkerOptions(javaBinary, classPath, flags, namePrefix, cacheDir, poolFlags);
    }

    /**
     * These options with a pool's own JVM options, which come after {@link #jvmFlags()} (see
     * {@link #commandFlags()}).
     */
    public WorkerOptions withPoolFlags(List<String> flags) {
        return new WorkerOptions(javaBinary, classPath, jvmFlags, namePrefix, cacheDir, flags);
    }

    /**
     * The flags of a worker's command line: {@link #jvmFlags()} then {@link #poolFlags()}, which win
     * where they overlap; a collector chosen in the pool's replaces the serial one (the JVM refuses two).
     */
    public List<String> commandFlags() {
        return PoolFlags.command(jvmFlags, poolFlags);
    }

    public WorkerOptions withNamePrefix(String prefix) {
        return new WorkerOptions(javaBinary, classPath, jvmFlags, prefix, cacheDir, poolFlags);
    }

    public WorkerOptions withCacheDir(Path dir) {
        return new WorkerOptions(javaBinary, classPath, jvmFlags, namePrefix, dir, poolFlags);
    }

    /** The launcher of this very JVM, so that workers run the same Java as the notebook. */
    static Path parentJava() {
        return ProcessHandle.current().info().command().map(Path::of)
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    /**
     * Where this library was loaded from (target/pools4j.jar, or target/classes in tests), then the
     * Agrona jar: io.pools4j.shm links against it, so it cannot be shipped on demand like task classes.
     */
    static String workerClassPath() {
        return location(WorkerOptions.class) + java.io.File.pathSeparator + location(org.agrona.DirectBuffer.class);
    }

    private static String location(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null) {
            throw new IllegalStateException("cannot find where " + type.getName() + " was loaded from (no code source); "
                    + "set WorkerOptions.classPath to the pools4j jar and the Agrona jar");
        }
        try {
            return Path.of(source.getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(type.getName() + " code location is not a file: " + source.getLocation(), e);
        }
    }
}
