package io.pools4j.multiprocessing;

import io.pools4j.shm.WaitWord;
import java.time.Duration;

/** Python's timeouts (seconds as a number, None for ever) as deadlines on {@link System#nanoTime()}. */
final class Deadlines {

    private Deadlines() {}

    /** The deadline {@code timeout} from now; null waits for ever (Python's None); negative is 0, as in Python. */
    static long of(Duration timeout) {
        return timeout == null ? WaitWord.NO_DEADLINE : System.nanoTime() + Math.max(0, timeout.toNanos());
    }

    /** A timeout in seconds as Python takes it; NaN is refused, infinity waits for ever. */
    static Duration seconds(double seconds) {
        if (Double.isNaN(seconds)) {
            throw new IllegalArgumentException("timeout must be a number of seconds, timeout=NaN");
        }
        if (Double.isInfinite(seconds)) {
            return seconds > 0 ? null : Duration.ZERO;
        }
        return Duration.ofNanos((long) (Math.max(0, seconds) * 1e9));
    }
}
