package io.pools4j.futures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CancellationException;

/** Shared checkers, in the manner of the JSR-166 TCK's checkCompletedNormally. */
final class FutureChecks {
    private FutureChecks() {}

    /** Futures in each of Python's six fixture states (test_future.py's create_future). */
    static Future<Integer> pending() {
        return new Future<>();
    }

    static Future<Integer> running() {
        Future<Integer> f = new Future<>();
        f.setRunningOrNotifyCancel();
        return f;
    }

    static Future<Integer> cancelled() {
        Future<Integer> f = new Future<>();
        f.cancel();
        return f;
    }

    static Future<Integer> cancelledAndNotified() {
        Future<Integer> f = cancelled();
        f.setRunningOrNotifyCancel();
        return f;
    }

    static Future<Integer> failed(Throwable t) {
        Future<Integer> f = new Future<>();
        f.setException(t);
        return f;
    }

    static Future<Integer> successful(int value) {
        Future<Integer> f = new Future<>();
        f.setResult(value);
        return f;
    }

    static <T> void checkCompletedNormally(Future<T> f, T expected) {
        assertTrue(f.done(), "done");
        assertFalse(f.cancelled(), "cancelled");
        assertFalse(f.running(), "running");
        assertEquals(expected, f.result(0));
        assertNull(f.exception(0));
    }

    static void checkFailedWith(Future<?> f, Throwable expected) {
        assertTrue(f.done(), "done");
        assertFalse(f.cancelled(), "cancelled");
        assertSame(expected, f.exception(0));
        Throwable thrown = assertThrows(Throwable.class, () -> f.result(0));
        assertSame(expected, thrown, "result() throws the task's own exception object");
    }

    static void checkCancelled(Future<?> f) {
        assertTrue(f.done(), "done");
        assertTrue(f.cancelled(), "cancelled");
        assertThrows(CancellationException.class, () -> f.result(0));
        assertThrows(CancellationException.class, () -> f.exception(0));
    }
}
