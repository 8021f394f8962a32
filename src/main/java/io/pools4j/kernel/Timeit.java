package io.pools4j.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The timing loop behind {@code %timeit}: runs a block {@code loops} times per repeat, for
 * {@code repeats} repeats, choosing {@code loops} itself when it is not given. Public because
 * the magic compiles a snippet that calls it; it can also be called from a cell.
 *
 * <p><b>Python:</b> {@code timeit.Timer.autorange} and {@code repeat}, and IPython's
 * {@code TimeitResult} for the report.
 */
public final class Timeit {

    /** A block of cell code to time; may throw anything, like the code it wraps. */
    @FunctionalInterface
    public interface Block {
        void run() throws Throwable;
    }

    /** IPython's autorange target: loops are raised until one repeat takes this long. */
    static final double AUTORANGE_SECONDS = 0.2;

    /** Written by {@link #consume} so that the JIT cannot drop a timed expression as unused. */
    private static volatile Object sink;

    private Timeit() {}

    /** Keeps {@code value} alive; the magic wraps timed expressions in it. */
    public static void consume(Object value) {
        sink = value;
    }

    /**
     * Times {@code block}.
     *
     * @param loops   runs per repeat; 0 or less chooses 1, 2, 5, 10, 20, 50... until a repeat
     *                takes at least 0.2 s
     * @param repeats how many repeats, at least 1
     * @throws IllegalArgumentException if {@code repeats < 1}
     * @throws Throwable                whatever the block throws
     */
    public static Result measure(Block block, int loops, int repeats) throws Throwable {
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be >= 1, repeats=" + repeats);
        }
        int number = loops > 0 ? loops : autorange(block);
        List<Double> runs = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            runs.add(runOnce(block, number));
        }
        return new Result(runs, number);
    }

    private static int autorange(Block block) throws Throwable {
        for (int power = 1; ; power *= 10) {
            for (int base : new int[] {1, 2, 5}) {
                int number = base * power;
                if (runOnce(block, number) >= AUTORANGE_SECONDS || number >= 1_000_000_000 / 5) {
                    return number;
                }
            }
        }
    }

    private static double runOnce(Block block, int number) throws Throwable {
        long start = System.nanoTime();
        for (int i = 0; i < number; i++) {
            block.run();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * The timings: seconds per repeat and loops per repeat.
     *
     * <p><b>IPython:</b> {@code TimeitResult} (what {@code %timeit -o} returns).
     */
    public record Result(List<Double> runs, int loops) {

        /** Mean seconds per loop. */
        public double average() {
            return runs.stream().mapToDouble(r -> r / loops).average().orElse(Double.NaN);
        }

        /** Population standard deviation of the seconds per loop, as IPython computes it. */
        public double stdev() {
            double mean = average();
            double sum = runs.stream().mapToDouble(r -> Math.pow(r / loops - mean, 2)).sum();
            return Math.sqrt(sum / runs.size());
        }

        /** Fastest loop time of all repeats. */
        public double best() {
            return runs.stream().mapToDouble(r -> r / loops).min().orElse(Double.NaN);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s ± %s per loop (mean ± std. dev. of %d run%s, %,d loop%s each)",
                    TimeFormat.seconds(average()), TimeFormat.seconds(stdev()),
                    runs.size(), runs.size() == 1 ? "" : "s", loops, loops == 1 ? "" : "s");
        }
    }
}
