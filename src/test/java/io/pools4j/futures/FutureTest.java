package io.pools4j.futures;

import static io.pools4j.futures.FutureChecks.cancelled;
import static io.pools4j.futures.FutureChecks.cancelledAndNotified;
import static io.pools4j.futures.FutureChecks.checkCancelled;
import static io.pools4j.futures.FutureChecks.checkCompletedNormally;
import static io.pools4j.futures.FutureChecks.checkFailedWith;
import static io.pools4j.futures.FutureChecks.failed;
import static io.pools4j.futures.FutureChecks.pending;
import static io.pools4j.futures.FutureChecks.running;
import static io.pools4j.futures.FutureChecks.successful;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Python's test_future.py, one behaviour per test. */
@Timeout(30)
class FutureTest {

    @Test
    void doneCallbackSeesTheResult() {
        Future<Integer> f = pending();
        AtomicReference<Integer> seen = new AtomicReference<>();
        f.addDoneCallback(done -> seen.set(done.result()));
        f.setResult(5);
        assertEquals(5, seen.get());
    }

    @Test
    void doneCallbackSeesTheException() {
        Future<Integer> f = pending();
        AtomicReference<Throwable> seen = new AtomicReference<>();
        f.addDoneCallback(done -> seen.set(done.exception()));
        Exception boom = new IllegalStateException("boom");
        f.setException(boom);
        assertSame(boom, seen.get());
    }

    @Test
    void doneCallbackSeesTheCancellation() {
        Future<Integer> f = pending();
        AtomicReference<Boolean> seen = new AtomicReference<>();
        f.addDoneCallback(done -> seen.set(done.cancelled()));
        assertTrue(f.cancel());
        assertEquals(Boolean.TRUE, seen.get());
    }

    @Test
    void aCallbackThatThrowsIsLoggedAndTheNextStillRuns() {
        List<LogRecord> logged = captureLog(() -> {
            Future<Integer> f = pending();
            List<String> ran = new ArrayList<>();
            f.addDoneCallback(done -> {
                throw new IllegalStateException("doh!");
            });
            f.addDoneCallback(done -> ran.add("second"));
            f.setResult(1);
            assertEquals(List.of("second"), ran);
        });
        assertEquals(1, logged.size());
        assertTrue(logged.getFirst().getMessage().startsWith("exception calling callback for <Future"));
        assertEquals("doh!", logged.getFirst().getThrown().getMessage());
    }

    @Test
    void aCallbackAddedToAFinishedFutureRunsAtOnceInTheCallersThread() {
        for (Future<Integer> f : List.of(successful(5), failed(new IOException("x")), cancelled())) {
            AtomicReference<Thread> ranIn = new AtomicReference<>();
            f.addDoneCallback(done -> ranIn.set(Thread.currentThread()));
            assertSame(Thread.currentThread(), ranIn.get(), f.toString());
        }
    }

    @Test
    void anImmediateCallbackThatThrowsIsLogged() {
        List<LogRecord> logged = captureLog(() -> successful(1).addDoneCallback(f -> {
            throw new IllegalArgumentException("immediate");
        }));
        assertEquals(1, logged.size());
        assertTrue(logged.getFirst().getMessage().startsWith("exception calling callback for"));
    }

    @Test
    void cancelSucceedsOnlyBeforeTheTaskRuns() {
        Future<Integer> p = pending();
        assertTrue(p.cancel());
        assertTrue(p.cancelled());
        assertFalse(running().cancel());
        assertTrue(cancelled().cancel());
        assertTrue(cancelledAndNotified().cancel());
        assertFalse(failed(new IOException()).cancel());
        assertFalse(successful(42).cancel());
    }

    @Test
    void predicatesFollowTheStateTable() {
        record Row(Future<Integer> f, boolean cancelled, boolean done, boolean running) {}
        List<Row> table = List.of(
                new Row(pending(), false, false, false),
                new Row(running(), false, false, true),
                new Row(cancelled(), true, true, false),
                new Row(cancelledAndNotified(), true, true, false),
                new Row(failed(new IOException()), false, true, false),
                new Row(successful(42), false, true, false));
        for (Row row : table) {
            assertEquals(row.cancelled(), row.f().cancelled(), "cancelled() of " + row.f());
            assertEquals(row.done(), row.f().done(), "done() of " + row.f());
            assertEquals(row.running(), row.f().running(), "running() of " + row.f());
        }
    }

    @Test
    void resultWithZeroTimeoutThrowsTimeoutWhilePendingOrRunning() {
        FutureTimeoutException e = assertThrows(FutureTimeoutException.class, () -> pending().result(0));
        assertTrue(e.getMessage().startsWith("result() timed out after 0.0 s"), e.getMessage());
        assertEquals(Duration.ZERO, e.timeout());
        assertThrows(FutureTimeoutException.class, () -> running().result(Duration.ZERO));
    }

    @Test
    void resultOfACancelledFutureThrowsCancellation() {
        assertThrows(CancellationException.class, () -> cancelled().result(0));
        assertThrows(CancellationException.class, () -> cancelledAndNotified().result(0));
    }

    @Test
    void resultThrowsTheTasksOwnCheckedExceptionObject() {
        IOException io = new IOException("disk gone");
        checkFailedWith(failed(io), io);
    }

    @Test
    void resultReturnsTheValueAndExceptionReturnsNullOnSuccess() {
        checkCompletedNormally(successful(42), 42);
    }

    @Test
    void exceptionWithZeroTimeoutThrowsTimeoutWhilePending() {
        assertThrows(FutureTimeoutException.class, () -> pending().exception(0));
        assertThrows(CancellationException.class, () -> cancelled().exception(0));
    }

    @Test
    void aBlockedResultIsWokenBySetResultFromAnotherThread() throws Exception {
        Future<Integer> f = pending();
        Thread waiter = Thread.currentThread();
        Thread setter = Thread.ofPlatform().start(() -> {
            awaitBlocked(waiter);
            f.setResult(42);
        });
        assertEquals(42, f.result(10));
        setter.join();
    }

    @Test
    void aBlockedResultIsWokenByCancelFromAnotherThread() throws Exception {
        Future<Integer> f = pending();
        Thread waiter = Thread.currentThread();
        Thread canceller = Thread.ofPlatform().start(() -> {
            awaitBlocked(waiter);
            f.cancel();
        });
        assertThrows(CancellationException.class, () -> f.result(10));
        canceller.join();
    }

    @Test
    void aSecondSetResultFailsAndKeepsTheFirst() {
        Future<Integer> f = successful(1);
        InvalidStateException e = assertThrows(InvalidStateException.class, () -> f.setResult(2));
        assertTrue(e.getMessage().matches("FINISHED: <Future at 0x[0-9a-f]+ state=finished returned Integer>"), e.getMessage());
        checkCompletedNormally(f, 1);
    }

    @Test
    void aSecondSetExceptionFailsAndKeepsTheFirst() {
        IOException first = new IOException("first");
        Future<Integer> f = failed(first);
        InvalidStateException e = assertThrows(InvalidStateException.class, () -> f.setException(new IOException("second")));
        assertTrue(e.getMessage().matches("FINISHED: <Future at 0x[0-9a-f]+ state=finished raised IOException>"), e.getMessage());
        checkFailedWith(f, first);
    }

    @Test
    void settingACancelledFutureFails() {
        InvalidStateException e = assertThrows(InvalidStateException.class, () -> cancelled().setResult(1));
        assertTrue(e.getMessage().startsWith("CANCELLED: <Future"), e.getMessage());
    }

    @Test
    void setRunningOrNotifyCancelRunsAPendingFutureAndAcknowledgesACancelledOne() {
        assertTrue(pending().setRunningOrNotifyCancel());
        Future<Integer> c = cancelled();
        assertFalse(c.setRunningOrNotifyCancel());
        checkCancelled(c);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> running().setRunningOrNotifyCancel());
        assertTrue(e.getMessage().startsWith("Future in unexpected state"), e.getMessage());
    }

    @Test
    void reprNamesTheStateAndTheResultType() {
        assertTrue(pending().toString().matches("<Future at 0x[0-9a-f]+ state=pending>"));
        assertTrue(running().toString().matches("<Future at 0x[0-9a-f]+ state=running>"));
        assertTrue(cancelled().toString().matches("<Future at 0x[0-9a-f]+ state=cancelled>"));
        assertTrue(cancelledAndNotified().toString().matches("<Future at 0x[0-9a-f]+ state=cancelled>"));
        assertTrue(failed(new IOException()).toString().matches("<Future at 0x[0-9a-f]+ state=finished raised IOException>"));
        assertTrue(successful(4).toString().matches("<Future at 0x[0-9a-f]+ state=finished returned Integer>"));
    }

    @Test
    void theJdkGetWrapsTheTasksExceptionInExecutionException() {
        IOException io = new IOException("x");
        ExecutionException e = assertThrows(ExecutionException.class, () -> failed(io).get());
        assertSame(io, e.getCause());
        assertThrows(java.util.concurrent.TimeoutException.class, () -> pending().get(1, TimeUnit.MILLISECONDS));
        assertThrows(CancellationException.class, () -> cancelled().get());
    }

    @Test
    void theJdkStateViewAgreesWithPython() {
        assertEquals(java.util.concurrent.Future.State.SUCCESS, successful(1).state());
        assertEquals(java.util.concurrent.Future.State.FAILED, failed(new IOException()).state());
        assertEquals(java.util.concurrent.Future.State.CANCELLED, cancelled().state());
        assertEquals(java.util.concurrent.Future.State.RUNNING, pending().state());
    }

    @Test
    void toCompletableFutureCarriesTheOutcome() throws Exception {
        Future<Integer> f = pending();
        CompletableFuture<Integer> cf = f.toCompletableFuture().thenApply(x -> x + 1);
        f.setResult(41);
        assertEquals(42, cf.get(5, TimeUnit.SECONDS));
        IOException io = new IOException("x");
        ExecutionException e = assertThrows(ExecutionException.class, () -> failed(io).toCompletableFuture().get());
        assertSame(io, e.getCause());
    }

    @Test
    void cancellingTheCompletableFutureCancelsAPendingFuture() {
        Future<Integer> f = pending();
        f.toCompletableFuture().cancel(false);
        assertTrue(f.cancelled());
    }

    @Test
    void resultWithATimeoutInSecondsAcceptsPythonStyleNumbers() {
        Future<Integer> f = successful(3);
        assertEquals(3, f.result(0.5));
        FutureTimeoutException e = assertThrows(FutureTimeoutException.class, () -> pending().result(0.01));
        assertInstanceOf(Duration.class, e.timeout());
    }

    /**
     * Returns once {@code waiter} is parked (in result()'s wait), so that what follows wakes a
     * blocked result() rather than racing ahead of it (the JSR-166 TCK's waitForThreadToEnterWaitState).
     */
    private static void awaitBlocked(Thread waiter) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (waiter.getState() != Thread.State.TIMED_WAITING && waiter.getState() != Thread.State.WAITING) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the waiting thread never blocked: " + waiter.getState());
            }
            Thread.onSpinWait();
        }
    }

    /** Runs {@code body} and returns what it logged on the io.pools4j.futures logger. */
    static List<LogRecord> captureLog(Runnable body) {
        Logger logger = Logger.getLogger("io.pools4j.futures");
        List<LogRecord> records = new ArrayList<>();
        Handler handler = new Handler() {
            @Override public void publish(LogRecord r) { records.add(r); }
            @Override public void flush() {}
            @Override public void close() {}
        };
        boolean parentHandlers = logger.getUseParentHandlers();
        logger.setUseParentHandlers(false); // keep the expected stack traces out of the build log
        logger.addHandler(handler);
        try {
            body.run();
        } finally {
            logger.removeHandler(handler);
            logger.setUseParentHandlers(parentHandlers);
        }
        return records;
    }
}
