package io.pools4j.multiprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pools4j.futures.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Semaphore, BoundedSemaphore and Event (CPython's _TestSemaphore, _TestEvent). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SemaphoreTest extends WorkerPoolTest {


    @Test
    void aSemaphoreCountsAcquiresAndReleases() {
        Semaphore sem = new Semaphore(2);
        assertTrue(sem.acquire());
        assertTrue(sem.acquire(Duration.ZERO));
        assertFalse(sem.acquire(Duration.ZERO));
        assertEquals(0, sem.getValue());
        sem.release();
        assertEquals(1, sem.getValue());
        sem.release();
        sem.release();
        assertEquals(3, sem.getValue());
    }

    @Test
    void acquireWithATimeoutWaitsThatLongWhenNoneIsLeft() {
        Semaphore sem = new Semaphore(0);
        long start = System.nanoTime();
        assertFalse(sem.acquire(0.2));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(100));
    }

    @Test
    void aReleaseInAChildWakesTheParentWaitingInAcquire() {
        Semaphore sem = new Semaphore(0);
        Future<Void> child = pool.submit(sem::release);
        assertTrue(sem.acquire(30.0));
        child.result();
    }

    @Test
    void aNegativeInitialValueIsRefusedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
        assertEquals("semaphore initial value must be >= 0, value=-1", e.getMessage());
    }

    @Test
    void aBoundedSemaphoreRefusesAReleaseAboveItsInitialValueEvenFromAChild() {
        BoundedSemaphore sem = new BoundedSemaphore(2);
        sem.acquire();
        sem.release();
        assertThrows(IllegalStateException.class, sem::release);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.submit(sem::release).result());
        assertTrue(e.getMessage().contains("released too many times"), e.getMessage());
        assertEquals(2, sem.getValue());
    }

    @Test
    void anEventIsSetAndClearedAndAwaitTimesOutWhileItIsClear() {
        Event e = new Event();
        assertFalse(e.isSet());
        long start = System.nanoTime();
        assertFalse(e.await(0.2));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(100));
        e.set();
        assertTrue(e.isSet());
        assertTrue(e.await());
        e.clear();
        assertFalse(e.await(Duration.ZERO));
    }

    @Test
    void anEventSetByTheParentWakesEveryChildWaitingForIt() {
        Event e = new Event();
        Semaphore waiting = new Semaphore(0);
        Future<Boolean> a = pool.submit(() -> {
            waiting.release();
            return e.await(30.0);
        });
        Future<Boolean> b = pool.submit(() -> {
            waiting.release();
            return e.await(30.0);
        });
        assertTrue(waiting.acquire(30.0));
        assertTrue(waiting.acquire(30.0));
        e.set();
        assertTrue(a.result());
        assertTrue(b.result());
    }
}
