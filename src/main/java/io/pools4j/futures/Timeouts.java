package io.pools4j.futures;

import java.time.Duration;

/** Timeouts given in Python's form (seconds as a number) and their description in messages. */
final class Timeouts {
    private Timeouts() {}

    /**
     * @param seconds a timeout in seconds, as Python takes it; negative counts as 0, as in Python
     * @throws IllegalArgumentException if {@code seconds} is NaN
     */
    static Duration seconds(double seconds) {
        if (Double.isNaN(seconds)) {
            throw new IllegalArgumentException("timeout must be a number of seconds, timeout=NaN");
        }
        if (Double.isInfinite(seconds)) {
            return seconds > 0 ? null : Duration.ZERO;
        }
        return Duration.ofNanos((long) (Math.max(0, seconds) * 1e9));
    }

    /** Nanoseconds on {@link System#nanoTime()} when {@code timeout} runs out; MAX for none. */
    static long deadline(Duration timeout) {
        return timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
    }

    /** {@code "0.5 s"}, as a person reads it. */
    static String describe(Duration timeout) {
        return timeout.toNanos() / 1e9 + " s";
    }
}
