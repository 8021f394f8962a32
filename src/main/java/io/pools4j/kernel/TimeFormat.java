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
            return longSpan(seconds);
        }
        // Python: order = min(-int(math.floor(math.log10(timespan)) // 3), 3), with floor division.
        int order = seconds > 0 ? Math.min(-Math.floorDiv((int) Math.floor(Math.log10(seconds)), 3), 3) : 3;
        return significant(seconds * SCALE[order]) + " " + UNITS[order];
    }

    /** IPython's form for a minute or more: "1h 2min 5s", whole units, largest first. */
    private static String longSpan(double seconds) {
        String[] suffixes = {"d", "h", "min", "s"};
        long[] lengths = {86_400, 3_600, 60, 1};
        StringBuilder text = new StringBuilder();
        double leftover = seconds;
        for (int i = 0; i < suffixes.length; i++) {
            long value = (long) (leftover / lengths[i]);
            if (value > 0) {
                leftover = leftover % lengths[i];
                text.append(text.isEmpty() ? "" : " ").append(value).append(suffixes[i]);
            }
            if (leftover < 1) {
                break;
            }
        }
        return text.toString();
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
