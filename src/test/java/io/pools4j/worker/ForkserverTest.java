package io.pools4j.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The process-wide standbys: started on request, handed out once each, ended by stop().
 *
 * <p>The standbys are static state of the test JVM, shared with every test class that opened a
 * FORKSERVER pool before this one: each test starts from none (and no reservation) and ends with
 * none, so that what ran before cannot change what these tests see.
 */
@Tag("process")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ForkserverTest {

    private static Set<Long> standbysUp(int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Set<Long> pids;
        while ((pids = Forkserver.standbyPids()).size() < n && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // nothing to wait on across a JVM launch
        }
        return pids;
    }

    @BeforeEach
    void startFromNoStandbys() {
        Forkserver.stop();
        assertEquals(Set.of(), Forkserver.standbyPids(), "no standby left after stop()");
    }

    @AfterEach
    void leaveNoStandbys() {
        Forkserver.stop();
        Children.assertNoneLeft();
    }

    @Test
    void reserveKeepsTheMostAnyPoolAskedFor() {
        Forkserver.reserve(2);
        Forkserver.reserve(1);
        assertEquals(Math.min(2, Runtime.getRuntime().availableProcessors()), Forkserver.standbysKept(),
                "a smaller reservation after a larger one keeps the larger");
    }

    @Test
    void stopForgetsEarlierReservations() {
        Forkserver.reserve(2);
        standbysUp(2);
        Forkserver.stop();
        Forkserver.reserve(1);
        assertEquals(1, Forkserver.standbysKept(), "reserve(1) after stop() keeps one, not the two asked for before");
        assertEquals(1, standbysUp(1).size());
    }

    @Test
    void stopEndsTheIdleStandbys() throws Exception {
        Forkserver.reserve(1);
        Set<Long> up = standbysUp(1);
        assertEquals(1, up.size(), "one standby up after reserve(1)");
        Forkserver.stop();
        for (long pid : up) {
            assertFalse(Children.running(pid), "standby " + pid + " still running after stop()");
        }
        assertEquals(Set.of(), Forkserver.standbyPids());
    }

    @Test
    void aTakenStandbyIsNotHandedOutAgainAndIsReplaced() throws Exception {
        Forkserver.reserve(1);
        standbysUp(1);
        WorkerHandle taken = Forkserver.take().get(30, TimeUnit.SECONDS);
        try {
            Set<Long> replacements = standbysUp(1);
            assertEquals(1, replacements.size(), "a replacement standby started");
            assertFalse(replacements.contains(taken.pid()));
            Outcome o = new Outcome();
            taken.submit(1, () -> 6 * 7, o);
            assertEquals(42, o.get());
        } finally {
            taken.shutdown(java.time.Duration.ofSeconds(2));
        }
    }
}
