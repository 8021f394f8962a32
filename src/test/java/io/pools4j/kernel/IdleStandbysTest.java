package io.pools4j.kernel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What waits for an idle kernel (standby JVM starts) never runs while a cell runs, and runs once
 * no cell has run for {@link IdleStandbys#IDLE}. Without the Forkserver wiring of {@code start()},
 * so that the test JVM's standbys are left alone.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IdleStandbysTest {

    private static final long IDLE_MS = IdleStandbys.IDLE.toMillis();

    @Test
    void aJobWaitingForIdlenessDoesNotRunWhileACellRunsHoweverLong() throws Exception {
        IdleStandbys idle = new IdleStandbys(0, Duration.ZERO);
        idle.cellStarted();
        idle.startWatching();
        CountDownLatch ran = new CountDownLatch(1);
        idle.runWhenIdle(ran::countDown);
        assertFalse(ran.await(IDLE_MS + 1000, TimeUnit.MILLISECONDS), "ran while the cell was still running");
        idle.cellEnded();
        assertTrue(ran.await(IDLE_MS + 5000, TimeUnit.MILLISECONDS), "did not run once the kernel was idle");
    }

    @Test
    void aJobWaitsForTheIdlePeriodAfterTheLastCellEnded() throws Exception {
        IdleStandbys idle = new IdleStandbys(0, Duration.ZERO);
        idle.startWatching();
        idle.cellStarted();
        idle.cellEnded();
        long ended = System.nanoTime();
        CountDownLatch ran = new CountDownLatch(1);
        idle.runWhenIdle(ran::countDown);
        assertTrue(ran.await(IDLE_MS + 5000, TimeUnit.MILLISECONDS), "did not run once the kernel was idle");
        long waitedMs = (System.nanoTime() - ended) / 1_000_000;
        assertTrue(waitedMs >= IDLE_MS, "ran " + waitedMs + " ms after the cell ended, before the " + IDLE_MS + " ms of idleness");
    }
}
