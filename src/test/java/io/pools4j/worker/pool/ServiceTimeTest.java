package io.pools4j.worker.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How many tasks a worker is sent ahead follows how long its tasks take. */
class ServiceTimeTest {

    private static final long MS = 1_000_000;

    /** A busy worker answering every {@code every} ns, {@code answers} times. */
    private static ServiceTime answering(long every, int answers) {
        ServiceTime t = new ServiceTime();
        long now = 0;
        t.sent(now, 0);
        for (int i = 0; i < answers; i++) {
            now += every;
            t.answered(now);
        }
        return t;
    }

    @Test
    void beforeAnyAnswerTheDepthIsTheMinimum() {
        assertEquals(2, new ServiceTime().depth(2));
    }

    @Test
    void shortTasksAreSentFarAheadUpToTheMaximum() {
        assertEquals(ServiceTime.MAX_DEPTH, answering(10_000, 50).depth(2));
    }

    @Test
    void tasksOfAFractionOfTheQueuedWorkAreSentAheadInProportion() {
        assertEquals(ServiceTime.QUEUED_WORK_NANOS / (MS / 10), answering(MS / 10, 50).depth(2));
    }

    @Test
    void longTasksStayAtTheMinimumSoThatTheyAreSpreadEvenly() {
        assertEquals(2, answering(10 * MS, 50).depth(2));
    }

    @Test
    void theTimeIsSmoothedSoOneSlowTaskDoesNotCollapseTheDepth() {
        ServiceTime t = answering(10_000, 50);
        long before = t.perTaskNanos();
        t.answered(100_000_000L + 50 * 10_000); // one task of ~100 ms
        assertEquals(before + (100_000_000L - before) / 8, t.perTaskNanos(), before);
        for (int i = 0; i < 100; i++) {
            t.answered(100_000_000L + 50 * 10_000 + (i + 1) * 10_000L);
        }
        assertEquals(ServiceTime.MAX_DEPTH, t.depth(2));
    }

    @Test
    void timeSpentIdleBetweenBurstsIsNotCountedAsWork() {
        ServiceTime t = answering(10_000, 50);
        long idleUntil = 10 * 1_000_000_000L; // the worker had nothing for seconds, then gets a task
        t.sent(idleUntil, 0);
        t.answered(idleUntil + 10_000);
        assertEquals(ServiceTime.MAX_DEPTH, t.depth(2));
    }
}
