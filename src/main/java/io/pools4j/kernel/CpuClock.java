package io.pools4j.kernel;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;

/**
 * CPU time of the whole kernel process (every thread, so pool threads count too).
 *
 * <p><b>Python:</b> {@code resource.getrusage(RUSAGE_SELF)}, which IPython's {@code %time} reads.
 */
final class CpuClock {

    /** User and system CPU time of the process, in nanoseconds. */
    record Times(long userNanos, long systemNanos) {
        long totalNanos() {
            return userNanos + systemNanos;
        }

        Times minus(Times earlier) {
            return new Times(userNanos - earlier.userNanos, systemNanos - earlier.systemNanos);
        }
    }

    private static final Path PROC_STAT = Path.of("/proc/self/stat");
    /** USER_HZ is 100 on every Linux ABI the JDK supports; /proc/self/stat counts in its ticks. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private CpuClock() {}

    /** Total process CPU time in nanoseconds (precise, no user/system split). */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0L;
    }

    /**
     * User and system time. On Linux both come from /proc/self/stat (10 ms ticks, like
     * getrusage); elsewhere everything is reported as user time.
     */
    static Times now() {
        try {
            String stat = Files.readString(PROC_STAT);
            // The command name (field 2) may contain spaces; fields are counted after its ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long utime = Long.parseLong(fields[11]);
            long stime = Long.parseLong(fields[12]);
            return new Times(utime * NANOS_PER_TICK, stime * NANOS_PER_TICK);
        } catch (IOException | RuntimeException e) {
            return new Times(processCpuNanos(), 0L);
        }
    }
}
