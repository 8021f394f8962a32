package io.pools4j.worker;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Diagnostic timestamps of a worker's start, for docs/worker-startup.md: with
 * {@code -Dpools4j.worker.trace=FILE} in the worker's flags, each step appends
 * {@code <step> <System.nanoTime()>} to FILE when the first task has been answered. On Linux
 * {@code nanoTime} is CLOCK_MONOTONIC, shared by all processes, so the parent's own timestamps can
 * be laid beside these. Off (one static read) unless the property is set.
 *
 * <p><b>CPython:</b> none; the nearest is {@code python -X importtime}.
 */
final class StartupTrace {

    private static final String FILE = System.getProperty("pools4j.worker.trace");
    /** Steps before the first result; written by the main and runner threads in turn (never at once). */
    private static final long[] TIMES = new long[16];
    private static final String[] STEPS = new String[16];
    private static int count;
    private static boolean written;

    private StartupTrace() {}

    static void mark(String step) {
        if (FILE != null && count < TIMES.length) {
            synchronized (TIMES) {
                TIMES[count] = System.nanoTime();
                STEPS[count++] = step;
            }
        }
    }

    /** Appends the steps to the trace file once, after the first result went out. */
    static void flush() {
        if (FILE == null || written) {
            return;
        }
        written = true;
        StringBuilder text = new StringBuilder();
        synchronized (TIMES) {
            for (int i = 0; i < count; i++) {
                text.append(STEPS[i]).append(' ').append(TIMES[i]).append('\n');
            }
        }
        try (FileOutputStream out = new FileOutputStream(FILE, true)) {
            out.write(text.toString().getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            System.err.println("pools4j.worker.trace: cannot write " + FILE + ": " + e);
        }
    }
}
