package io.pools4j.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The process-wide standbys: started on request, handed out once each, ended by stop() or after the idle timeout.
 *
 * <p>The standbys are static state of the test JVM, shared with every test class that opened a
 * FORKSERVER pool before this one: each test starts from none (and no reservation) and ends with
 * none, so that what ran before cannot change what these tests see.
 */
@Tag("process")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ForkserverTest {

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
        Children.standbysUp(Math.min(2, Runtime.getRuntime().availableProcessors()));
        Forkserver.stop();
        Forkserver.reserve(1);
        assertEquals(1, Forkserver.standbysKept(), "reserve(1) after stop() keeps one, not the two asked for before");
        assertEquals(1, Children.standbysUp(1).size());
    }

    @Test
    void stopEndsTheIdleStandbys() throws Exception {
        Forkserver.reserve(1);
        Set<Long> up = Children.standbysUp(1);
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
        Children.standbysUp(1);
        WorkerHandle taken = Forkserver.take().get(30, TimeUnit.SECONDS);
        try {
            Set<Long> replacements = Children.standbysUp(1);
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

    @Test
    void theReplacementOfATakenStandbyStartsOnlyWhenTheRefillGateRunsIt() throws Exception {
        java.util.concurrent.Executor before = Forkserver.refillGate();
        java.util.concurrent.BlockingQueue<Runnable> held = new java.util.concurrent.LinkedBlockingQueue<>();
        Forkserver.setRefillGate(held::add);
        try {
            Forkserver.reserve(1);
            long standby = Children.standbysUp(1).iterator().next();
            WorkerHandle taken = Forkserver.take().get(30, TimeUnit.SECONDS);
            try {
                assertEquals(standby, taken.pid(), "the standby that was up is the one handed out");
                Runnable replacement = held.poll(10, TimeUnit.SECONDS);
                assertTrue(replacement != null, "the take handed the replacement's start to the gate");
                assertEquals(0, Forkserver.standbysKept(), "no replacement starts before the gate runs it");
                replacement.run();
                assertEquals(1, Forkserver.standbysKept(), "the gate's run starts the replacement");
                assertFalse(Children.standbysUp(1).contains(taken.pid()));
            } finally {
                taken.shutdown(Duration.ofSeconds(2));
            }
        } finally {
            Forkserver.setRefillGate(before);
        }
    }

    @Test
    void idleStandbysRetireOnceNoPoolHasUsedThemForTheIdleTimeoutAndAreNotReplaced() throws Exception {
        Duration before = Forkserver.idleTimeout();
        try {
            Forkserver.setIdleTimeout(Duration.ZERO); // kept while they start, however long that takes here
            Forkserver.reserve(1);
            Set<Long> up = Children.standbysUp(1);
            long lastUse = System.nanoTime();
            Forkserver.reserve(1); // a use: the idle period starts here
            Forkserver.setIdleTimeout(Duration.ofMillis(500));
            for (long pid : up) {
                ProcessHandle standby = ProcessHandle.of(pid).orElseThrow();
                assertTrue(Children.endsWithin(standby, 30_000), "standby " + pid + " still running 30 s after its idle timeout");
            }
            long idleFor = System.nanoTime() - lastUse;
            assertTrue(idleFor >= TimeUnit.MILLISECONDS.toNanos(500), "retired after " + idleFor / 1_000_000 + " ms, before its idle timeout");
            assertEquals(Set.of(), Forkserver.standbyPids(), "none started in their place");
            Children.assertNoneLeft();
        } finally {
            Forkserver.setIdleTimeout(before);
            Forkserver.stop();
        }
    }

    @Test
    void anIdleTimeoutSettingThatIsNotWholeSecondsIsRefusedWithTheValue() {
        String before = System.getProperty(Forkserver.IDLE_TIMEOUT_PROPERTY);
        try {
            System.setProperty(Forkserver.IDLE_TIMEOUT_PROPERTY, "ten minutes");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Forkserver::configuredIdleTimeout);
            assertEquals("POOLS4J_STANDBY_IDLE (or -Dpools4j.standby.idle) must be a whole number of seconds >= 0, "
                    + "got 'ten minutes'; 0 keeps the forkserver's standbys for the JVM's life", e.getMessage());
            System.setProperty(Forkserver.IDLE_TIMEOUT_PROPERTY, "90");
            assertEquals(Duration.ofSeconds(90), Forkserver.configuredIdleTimeout());
        } finally {
            if (before == null) {
                System.clearProperty(Forkserver.IDLE_TIMEOUT_PROPERTY);
            } else {
                System.setProperty(Forkserver.IDLE_TIMEOUT_PROPERTY, before);
            }
        }
    }
}
