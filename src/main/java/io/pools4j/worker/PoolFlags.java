package io.pools4j.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pool's own JVM options ({@code jvmOptions} of the pool builders) beside the workers' default
 * flags: how the two make one command line, and whether the start-up (AOT) cache, trained with the
 * default flags, still fits.
 *
 * <p><b>CPython:</b> none; a Python worker's interpreter flags come from {@code set_executable}
 * and the parent's own flags.
 */
final class PoolFlags {

    private PoolFlags() {}

    private static final String SERIAL_GC = "-XX:+UseSerialGC";
    private static final Pattern COLLECTOR = Pattern.compile("-XX:\\+Use\\w*GC");
    /**
     * Options with which JDK 25 opens the default cache silently (checked by hand: -D, -Xmx/-Xms/-Xss,
     * -ea, the serial, parallel and G1 collectors). Others make the workers start without it, since
     * some make the JVM print errors on stderr, which reaches the cell: an agent or --add-opens (the
     * module graph differs), ZGC or a heap of 32 GB or more (no compressed oops), a system class
     * loader.
     */
    private static final Pattern KEEPS_CACHE = Pattern.compile(
            "-D(?!java\\.system\\.class\\.loader|jdk\\.module\\.).+|-ea|-da|-Xss\\d+[kKmMgG]?|-XX:\\+Use(Serial|Parallel|G1)GC");
    private static final Pattern HEAP_SIZE = Pattern.compile("-Xm[sx](\\d+)([kKmMgG]?)");
    /** Below 32 GB, where the JVM stops compressing object pointers, which the cache was made with. */
    private static final long COMPRESSED_OOPS_LIMIT = 31L << 30;

    /**
     * {@code base} then {@code pool}, so that the pool's win where they overlap; a collector the
     * pool chooses replaces the serial one (the JVM refuses two).
     */
    static List<String> command(List<String> base, List<String> pool) {
        List<String> flags = new ArrayList<>(base);
        if (pool.stream().anyMatch(f -> COLLECTOR.matcher(f).matches())) {
            flags.remove(SERIAL_GC);
        }
        flags.addAll(pool);
        return flags;
    }

    /** Whether workers with these pool options can use the cache trained with the default flags. */
    static boolean keepStartupCache(List<String> pool) {
        return pool.stream().allMatch(f -> KEEPS_CACHE.matcher(f).matches() || smallHeap(f));
    }

    private static boolean smallHeap(String flag) {
        Matcher m = HEAP_SIZE.matcher(flag);
        if (!m.matches() || m.group(1).length() > 12) {
            return false;
        }
        long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 1L << 10;
            case "m" -> 1L << 20;
            case "g" -> 1L << 30;
            default -> 1;
        };
        return Long.parseLong(m.group(1)) <= COMPRESSED_OOPS_LIMIT / unit;
    }
}
