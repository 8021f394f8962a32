package io.pools4j.futures;

import static io.pools4j.futures.FutureChecks.cancelledAndNotified;
import static io.pools4j.futures.FutureChecks.failed;
import static io.pools4j.futures.FutureChecks.pending;
import static io.pools4j.futures.FutureChecks.successful;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Python's test_as_completed.py. */
@Timeout(30)
class AsCompletedTest {

    @Test
    void yieldsFuturesAlreadyDoneFirstThenInTheOrderTheyFinish() throws Exception {
        Future<Integer> done = successful(1);
        Future<Integer> later = pending();
        Future<Integer> last = pending();
        Iterator<Future<Integer>> it = Futures.asCompleted(List.of(last, later, done)).iterator();
        assertEquals(done, it.next());
        later.setResult(2);
        assertEquals(later, it.next());
        last.setException(new IOException());
        assertEquals(last, it.next());
        assertTrue(!it.hasNext());
    }

    @Test
    void zeroTimeoutYieldsTheDoneOnesThenThrows() {
        Future<Integer> a = successful(1);
        Future<Integer> b = failed(new IOException());
        Future<Integer> c = pending();
        Future<Integer> d = pending();
        List<Future<Integer>> seen = new ArrayList<>();
        FutureTimeoutException e = assertThrows(FutureTimeoutException.class, () -> {
            for (Future<Integer> f : Futures.asCompleted(List.of(a, b, c, d), Duration.ZERO)) {
                seen.add(f);
            }
        });
        assertEquals(Set.of(a, b), Set.copyOf(seen));
        assertTrue(e.getMessage().startsWith("2 (of 4) futures unfinished"), e.getMessage());
    }

    @Test
    void aShortTimeoutThrowsWithTheUnfinishedCount() {
        Future<Integer> a = cancelledAndNotified();
        Future<Integer> b = pending();
        Iterator<Future<Integer>> it = Futures.asCompleted(List.of(a, b), 0.05).iterator();
        assertEquals(a, it.next());
        FutureTimeoutException e = assertThrows(FutureTimeoutException.class, it::next);
        assertTrue(e.getMessage().startsWith("1 (of 2) futures unfinished"), e.getMessage());
    }

    @Test
    void duplicateFuturesAreYieldedOnce() {
        Future<Integer> a = successful(1);
        List<Future<Integer>> seen = new ArrayList<>();
        Futures.asCompleted(List.of(a, a, a)).forEach(seen::add);
        assertEquals(List.of(a), seen);
    }

    @Test
    void theDeadlineCountsFromTheCallNotFromIteration() throws Exception {
        Future<Integer> p = pending();
        Iterable<Future<Integer>> it = Futures.asCompleted(List.of(p), Duration.ofMillis(20));
        Thread.sleep(40); // the only sleep here: it is the time that must already have run out
        assertThrows(FutureTimeoutException.class, () -> it.iterator().next());
    }
}
