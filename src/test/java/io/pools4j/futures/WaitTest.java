package io.pools4j.futures;

import static io.pools4j.futures.FutureChecks.cancelled;
import static io.pools4j.futures.FutureChecks.cancelledAndNotified;
import static io.pools4j.futures.FutureChecks.failed;
import static io.pools4j.futures.FutureChecks.pending;
import static io.pools4j.futures.FutureChecks.running;
import static io.pools4j.futures.FutureChecks.successful;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Python's test_wait.py on futures completed by a helper thread, ordered by gates, not sleeps. */
@Timeout(30)
class WaitTest {

    private final ThreadPoolExecutor helper = new ThreadPoolExecutor(2);

    @AfterEach
    void stopHelper() {
        helper.shutdown(ShutdownOption.CANCEL_FUTURES);
    }

    @Test
    void firstCompletedReturnsWhenOneFutureFinishes() {
        Future<Integer> slow = pending();
        Future<Integer> fast = pending();
        helper.submit(() -> {
            fast.setResult(1);
            return null;
        });
        DoneAndNotDone<Integer> r = Futures.wait(List.of(slow, fast), null, ReturnWhen.FIRST_COMPLETED);
        assertEquals(Set.of(fast), r.done());
        assertEquals(Set.of(slow), r.notDone());
    }

    @Test
    void firstCompletedReturnsAtOnceWhenSomeAreAlreadyDone() {
        Future<Integer> done = successful(1);
        Future<Integer> stillPending = pending();
        DoneAndNotDone<Integer> r = Futures.wait(List.of(done, stillPending), null, ReturnWhen.FIRST_COMPLETED);
        assertEquals(Set.of(done), r.done());
        assertEquals(Set.of(stillPending), r.notDone());
    }

    @Test
    void firstExceptionReturnsWhenOneFutureFails() {
        Future<Integer> ok = pending();
        Future<Integer> bad = pending();
        Future<Integer> never = pending();
        helper.submit(() -> {
            ok.setResult(1);
            bad.setException(new IOException("boom"));
            return null;
        });
        DoneAndNotDone<Integer> r = Futures.wait(List.of(ok, bad, never), null, ReturnWhen.FIRST_EXCEPTION);
        assertEquals(Set.of(ok, bad), r.done());
        assertEquals(Set.of(never), r.notDone());
    }

    @Test
    void firstExceptionReturnsAtOnceWhenOneHasAlreadyFailed() {
        Future<Integer> bad = failed(new IOException());
        Future<Integer> p = pending();
        DoneAndNotDone<Integer> r = Futures.wait(List.of(bad, p), null, ReturnWhen.FIRST_EXCEPTION);
        assertEquals(Set.of(bad), r.done());
        assertEquals(Set.of(p), r.notDone());
    }

    @Test
    void firstExceptionWithoutAnExceptionWaitsForAll() {
        Future<Integer> a = pending();
        Future<Integer> b = successful(2);
        helper.submit(() -> {
            a.setResult(1);
            return null;
        });
        DoneAndNotDone<Integer> r = Futures.wait(List.of(a, b), null, ReturnWhen.FIRST_EXCEPTION);
        assertEquals(Set.of(a, b), r.done());
        assertEquals(Set.of(), r.notDone());
    }

    @Test
    void allCompletedWaitsForEveryFuture() {
        Future<Integer> a = pending();
        Future<Integer> b = pending();
        Future<Integer> c = cancelledAndNotified();
        helper.submit(() -> {
            a.setResult(1);
            b.setException(new IOException());
            return null;
        });
        DoneAndNotDone<Integer> r = Futures.wait(List.of(a, b, c));
        assertEquals(Set.of(a, b, c), r.done());
        assertEquals(Set.of(), r.notDone());
    }

    @Test
    void aTimeoutReturnsWhatIsDoneInsteadOfThrowing() {
        Future<Integer> done = successful(1);
        Future<Integer> p = pending();
        Future<Integer> r2 = running();
        DoneAndNotDone<Integer> r = Futures.wait(List.of(done, p, r2), Duration.ofMillis(50), ReturnWhen.ALL_COMPLETED);
        assertEquals(Set.of(done), r.done());
        assertEquals(Set.of(p, r2), r.notDone());
    }

    @Test
    void aCancelledFutureNotYetNoticedByItsExecutorIsNotDone() {
        Future<Integer> c = cancelled();
        Future<Integer> n = cancelledAndNotified();
        DoneAndNotDone<Integer> r = Futures.wait(List.of(c, n), 0, ReturnWhen.ALL_COMPLETED);
        assertEquals(Set.of(n), r.done());
        assertEquals(Set.of(c), r.notDone());
    }

    @Test
    void theExecutorNoticingACancellationWakesTheWait() {
        Future<Integer> c = cancelled();
        helper.submit(() -> c.setRunningOrNotifyCancel());
        DoneAndNotDone<Integer> r = Futures.wait(List.of(c));
        assertEquals(Set.of(c), r.done());
    }

    @Test
    void duplicatesCountOnce() {
        Future<Integer> a = successful(1);
        DoneAndNotDone<Integer> r = Futures.wait(List.of(a, a, a));
        assertEquals(Set.of(a), r.done());
    }

    @Test
    void anEmptyCollectionReturnsAtOnce() {
        DoneAndNotDone<Integer> r = Futures.wait(List.<Future<Integer>>of(), null, ReturnWhen.FIRST_COMPLETED);
        assertEquals(Set.of(), r.done());
        assertEquals(Set.of(), r.notDone());
    }
}
