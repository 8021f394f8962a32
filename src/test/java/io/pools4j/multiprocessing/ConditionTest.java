package io.pools4j.multiprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pools4j.futures.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Condition across worker JVMs (CPython's _TestCondition). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConditionTest extends WorkerPoolTest {


    @Test
    void awaitWithoutTheLockIsRefused() {
        Condition c = new Condition();
        assertThrows(IllegalMonitorStateException.class, c::await);
        assertThrows(IllegalMonitorStateException.class, c::signal);
    }

    @Test
    void awaitWithATimeoutReturnsFalseAfterItAndHoldsTheLockAgain() {
        Condition c = new Condition();
        try (var held = c.hold()) {
            long start = System.nanoTime();
            assertFalse(c.await(0.2));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(100));
            assertEquals(1, ((RLock) c.getLock()).holdCount());
        }
        assertFalse(c.getLock().locked());
    }

    @Test
    void aSignalFromTheParentWakesAChildWaitingForIt() {
        Condition c = new Condition();
        RawValue state = new RawValue("i", 0);
        Semaphore ready = new Semaphore(0);
        Future<Boolean> child = pool.submit(() -> {
            try (var held = c.hold()) {
                ready.release(); // the lock is held until waitFor releases it
                return c.waitFor(() -> state.getValue().intValue() == 2, Duration.ofSeconds(30));
            }
        });
        assertTrue(ready.acquire(30.0));
        try (var held = c.hold()) { // so the child is in waitFor now
            state.setValue(2);
            c.signalAll();
        }
        assertTrue(child.result());
    }

    @Test
    void waitForAPredicateThatStaysFalseReturnsFalseAfterTheTimeout() {
        Condition c = new Condition();
        try (var held = c.hold()) {
            long start = System.nanoTime();
            assertFalse(c.waitFor(() -> false, Duration.ofMillis(200)));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    @Test
    void signalNWakesAtMostNOfTheWaiters() throws Exception {
        Condition c = new Condition();
        Semaphore waiting = new Semaphore(0);
        List<Thread> threads = new ArrayList<>();
        RawValue woken = new RawValue("i", 0);
        for (int t = 0; t < 3; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try (var held = c.hold()) {
                    waiting.release();
                    if (c.await(1.0)) {
                        woken.setValue(woken.getValue().intValue() + 1);
                    }
                }
            }));
        }
        for (int t = 0; t < 3; t++) {
            assertTrue(waiting.acquire(30.0));
        }
        try (var held = c.hold()) { // every waiter has released the lock in await by now
            c.signal(2);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(2, woken.getValue());
    }
}
