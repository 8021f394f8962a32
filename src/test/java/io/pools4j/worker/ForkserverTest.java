package io.pools4j.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The process-wide standbys: started on request, handed out once each, ended by stop(). */
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
            Forkserver.stop();
        }
        Children.assertNoneLeft();
    }
}
