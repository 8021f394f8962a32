package io.pools4j.kernel;

import java.util.Locale;

/**
 * Durations with three significant digits in s, ms, µs or ns, as IPython prints them.
 *
 * <p><b>IPython:</b> {@code IPython.core.magics.execution._format_time}.
 */
final class TimeFormat {

    private static final String[] UNITS = {"s", "ms", "µs", "ns"};
    private static final double[] SCALE = {1, 1e3, 1e6, 1e9};

    private TimeFormat() {}

    static String seconds(double seconds) {
        if (seconds >= 60.0) {
            long whole = (long) seconds;
            long hours = whole / 3600;
            long minutes = whole % 3600 / 60;
            double rest = seconds - hours * 3600 - minutes * 60;
            String prefix = hours > 0 ? hours + "h " : "";
            return prefix + minutes + "min " + significant(rest) + " s";
        }
        // Python: order = min(-int(math.floor(math.log10(timespan)) // 3), 3), with floor division.
        int order = seconds > 0 ? Math.min(-Math.floorDiv((int) Math.floor(Math.log10(seconds)), 3), 3) : 3;
        return significant(seconds * SCALE[order]) + " " + UNITS[order];
    }

    static String nanos(long nanos) {
        return seconds(nanos / 1e9);
    }

    /** Python's "%.3g": three significant digits, no trailing zeros. */
    private static String significant(double value) {
        if (value == 0) {
            return "0";
        }
        String text = String.format(Locale.ROOT, "%.3g", value);
        if (text.contains("e")) {
            return text;
        }
        if (text.contains(".")) {
            text = text.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return text;
    }
}
