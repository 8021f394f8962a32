package io.pools4j.multiprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pools4j.fn.Fn0;
import io.pools4j.futures.Future;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Value, RawValue, Array and RawArray across worker JVMs (CPython's _TestValue, _TestArray). */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ValueTest extends WorkerPoolTest {


    @Test
    void whatAChildWritesInAValueTheParentReads() {
        Value i = new Value("i", 7);
        Value d = new Value("d", 1.5);
        RawValue q = new RawValue("q", 1L << 40);
        pool.submit(() -> {
            i.setValue(i.getValue().intValue() * 6);
            d.setValue(-d.getValue().doubleValue());
            q.setValue(q.getValue().longValue() + 1);
            return null;
        }).result();
        assertEquals(42, i.getValue());
        assertEquals(-1.5, d.getValue());
        assertEquals((1L << 40) + 1, q.getValue());
    }

    @Test
    void anArrayOfASizeIsZeroFilledAndOneOfValuesIsACopyOfThem() {
        Array zeros = new Array("i", 5);
        assertEquals(List.of(0, 0, 0, 0, 0), zeros.toList());
        RawArray copy = new RawArray("d", List.of(1.0, 2.5));
        assertEquals(2, copy.length());
        assertEquals(List.of(1.0, 2.5), copy.toList());
    }

    @Test
    void whatAChildWritesInAnArrayTheParentReads() {
        Array a = new Array("h", List.of(1, 2, 3));
        RawArray r = new RawArray("B", 2);
        pool.submit(() -> {
            for (int k = 0; k < a.length(); k++) {
                a.set(k, a.get(k).intValue() * 10);
            }
            r.set(1, 200);
            return null;
        }).result();
        assertEquals(List.of((short) 10, (short) 20, (short) 30), a.toList());
        assertEquals(200, r.get(1));
    }

    @Test
    void aGivenLockIsTheOneUsedAndTravelsWithTheValue() {
        Lock lock = new Lock();
        Value v = new Value("i", 0, lock);
        Array a = new Array("i", 2, lock);
        assertSame(lock, v.getLock());
        assertSame(lock, a.getLock());
        lock.acquire();
        assertEquals(Boolean.TRUE, pool.submit(() -> v.getLock().locked()).result());
        lock.release();
    }

    @Test
    void badTypeCodesAndIndexesAreRefusedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Value("x", 0));
        assertTrue(e.getMessage().startsWith("unknown type code 'x'"), e.getMessage());
        RawArray a = new RawArray("i", 2);
        IndexOutOfBoundsException i = assertThrows(IndexOutOfBoundsException.class, () -> a.get(2));
        assertEquals("index must be in 0..1, index=2", i.getMessage());
    }

    /** Both children start counting together, so that their increments overlap. */
    private static int countFromTwoProcesses(Value v, Fn0<Void> increments) {
        Semaphore ready = new Semaphore(0);
        Event go = new Event();
        Fn0<Void> child = () -> {
            ready.release();
            go.await();
            return increments.call();
        };
        Future<Void> a = pool.submit(child);
        Future<Void> b = pool.submit(child);
        assertTrue(ready.acquire(60.0));
        assertTrue(ready.acquire(60.0));
        go.set();
        a.result();
        b.result();
        return v.getValue().intValue();
    }

    @Test
    void aCounterIncrementedByTwoProcessesWithoutTheLockLosesUpdates() {
        Value v = new Value("i", 0);
        int n = 1_000_000;
        int total = countFromTwoProcesses(v, () -> {
            for (int k = 0; k < n; k++) {
                v.setValue(v.getValue().intValue() + 1);
            }
            return null;
        });
        System.out.println("without the lock: " + total + " of " + 2 * n);
        assertTrue(total < 2 * n, "no update was lost: " + total);
    }

    @Test
    void aCounterIncrementedByTwoProcessesHoldingTheLockLosesNothing() {
        Value v = new Value("i", 0);
        int n = 100_000;
        int total = countFromTwoProcesses(v, () -> {
            for (int k = 0; k < n; k++) {
                try (var held = v.getLock().hold()) {
                    v.setValue(v.getValue().intValue() + 1);
                }
            }
            return null;
        });
        assertEquals(2 * n, total);
    }
}
