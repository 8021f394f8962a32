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

/** Barrier across worker JVMs (CPython's _TestBarrier). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BarrierTest extends WorkerPoolTest {


    @Test
    void aBarrierLetsThePartiesOfTwoProcessesAndThisOneGoOnTogetherAndIsReusable() {
        Barrier b = new Barrier(3);
        List<Future<List<Integer>>> children = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            children.add(pool.submit(() -> List.of(b.await(30.0), b.await(30.0))));
        }
        List<Integer> indexes = new ArrayList<>();
        indexes.add(b.await(30.0));
        indexes.add(b.await(30.0));
        for (Future<List<Integer>> f : children) {
            indexes.addAll(f.result());
        }
        indexes.sort(null);
        assertEquals(List.of(0, 0, 1, 1, 2, 2), indexes);
        assertFalse(b.broken());
    }

    @Test
    void aBarrierTimeoutBreaksItForEveryoneUntilReset() {
        Barrier b = new Barrier(2);
        assertThrows(BrokenBarrierException.class, () -> b.await(0.1));
        assertTrue(b.broken());
        assertThrows(BrokenBarrierException.class, () -> b.await(Duration.ZERO));
        b.reset();
        assertFalse(b.broken());
        Future<Integer> child = pool.submit(() -> b.await(30.0));
        int mine = b.await(30.0);
        assertEquals(1, mine + child.result());
    }

    @Test
    void abortWakesAPartyWaitingInAChildWithBrokenBarrier() {
        Barrier b = new Barrier(2);
        Future<Integer> child = pool.submit(() -> b.await(30.0));
        while (b.nWaiting() == 0) {
            Thread.onSpinWait(); // until the child waits; bounded by the class timeout
        }
        b.abort();
        assertThrows(BrokenBarrierException.class, child::result);
    }

    @Test
    void theActionRunsOnceInTheLastPartyToArrive() {
        RawValue runs = new RawValue("i", 0);
        Barrier b = new Barrier(2, () -> runs.setValue(runs.getValue().intValue() + 1), null);
        Future<Integer> child = pool.submit(() -> b.await());
        b.await();
        child.result();
        assertEquals(1, runs.getValue());
    }
}
