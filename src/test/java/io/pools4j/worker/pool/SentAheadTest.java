package io.pools4j.worker.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pools4j.fn.Fn0;
import io.pools4j.futures.FileGate;
import io.pools4j.futures.Future;
import io.pools4j.multiprocessing.StartMethod;
import io.pools4j.worker.Children;
import io.pools4j.worker.WorkerDiedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Tasks sent to a worker ahead of their start (the pool keeps several in flight per worker): they
 * stay pending, a cancel stops them in the worker, and a worker's death does not take them with it
 * under {@link DeathPolicy#REPLACE_WORKER}. Each test holds the worker's running task at a gate and
 * waits until the later tasks have been sent ({@link Watched}), so that they surely wait in the
 * worker; a task that runs leaves a file, so a task that never ran is one whose file is absent.
 */
@Tag("process")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SentAheadTest {

    private static final String NAME = "SentAheadTest";
    /** Tasks the only worker holds from the start: the running one and three sent ahead. */
    private static final int PREFETCH = 4;

    private PoolEngine pool;

    /** A future that tells when its task was sent to a worker. */
    private static final class Watched<R> extends Future<R> {
        private final CountDownLatch sent = new CountDownLatch(1);

        @Override
        public boolean setSentOrNotifyCancel(SentTask task) {
            boolean goes = super.setSentOrNotifyCancel(task);
            sent.countDown();
            return goes;
        }

        void awaitSent() throws InterruptedException {
            assertTrue(sent.await(30, TimeUnit.SECONDS), "the task was sent to the worker within 30 s");
        }
    }

    @AfterEach
    void noWorkerJvmLeft() throws Exception {
        if (pool != null) {
            pool.shutdown(PoolEngine.Queued.RUN).get(30, TimeUnit.SECONDS);
        }
        Children.assertNoneLeft();
    }

    private static <R> Watched<R> submit(PoolEngine pool, Fn0<R> fn) {
        Watched<R> future = new Watched<>();
        pool.submit(fn, future);
        return future;
    }

    static long pid() {
        return ProcessHandle.current().pid();
    }

    /** A task that leaves {@code trace} behind when it runs, and returns {@code value}. */
    private static Fn0<Integer> leaving(FileGate trace, int value) {
        return () -> {
            trace.open();
            return value;
        };
    }

    private static boolean ran(FileGate trace) {
        return Files.exists(Path.of(trace.path()));
    }

    /** Submits a task that opens {@code started} and waits for {@code release}; returns once it runs. */
    private static Watched<Long> blocker(PoolEngine pool, FileGate started, FileGate release) {
        Watched<Long> running = holding(pool, started, release);
        started.await();
        return running;
    }

    /** Submits a task that opens {@code started}, waits for {@code release}, and returns its worker's pid. */
    private static Watched<Long> holding(PoolEngine pool, FileGate started, FileGate release) {
        return submit(pool, () -> {
            started.open();
            release.await();
            return pid();
        });
    }

    /** Waits for a task run after everything submitted before it: the worker is past them all. */
    private static void drain(PoolEngine pool) {
        assertEquals(0, submit(pool, () -> 0).result(30));
    }

    @Test
    void aTaskSentAheadIsPendingAndCancelReturnsTrueAndItNeverRuns() throws Exception {
        pool = TestPools.oneWorker(NAME, StartMethod.SPAWN, PREFETCH, DeathPolicy.BREAK_POOL);
        FileGate release = new FileGate();
        Watched<Long> running = blocker(pool, new FileGate(), release);
        FileGate trace = new FileGate();
        Watched<Integer> ahead = submit(pool, leaving(trace, 1));
        ahead.awaitSent();

        assertFalse(ahead.running(), "a task sent ahead has not started");
        assertTrue(ahead.cancel(), "a task sent ahead can be cancelled");
        assertTrue(ahead.cancelled());
        assertTrue(ahead.done());
        release.open();
        running.result(30);
        drain(pool);
        assertFalse(ran(trace), "the cancelled task never ran");
        assertThrows(CancellationException.class, () -> ahead.result(1));
    }

    @Test
    void cancelOfTheRunningTaskReturnsFalseAndItFinishes() throws Exception {
        pool = TestPools.oneWorker(NAME, StartMethod.SPAWN, PREFETCH, DeathPolicy.BREAK_POOL);
        FileGate release = new FileGate();
        Watched<Long> running = blocker(pool, new FileGate(), release);

        assertTrue(running.running(), "the task its worker runs is running");
        assertFalse(running.cancel());
        release.open();
        assertTrue(running.result(30) > 0);
    }

    @Test
    void aTaskSentAheadBecomesRunningWhenItsWorkerStartsItAndCannotBeCancelledThen() throws Exception {
        pool = TestPools.oneWorker(NAME, StartMethod.SPAWN, PREFETCH, DeathPolicy.BREAK_POOL);
        FileGate release = new FileGate();
        Watched<Long> first = blocker(pool, new FileGate(), release);
        FileGate secondStarted = new FileGate();
        FileGate secondRelease = new FileGate();
        Watched<Long> second = holding(pool, secondStarted, secondRelease);
        second.awaitSent();
        assertFalse(second.running());

        release.open();
        first.result(30);
        secondStarted.await();
        assertTrue(second.running(), "the worker started it: the parent knows once the first answer is read");
        assertFalse(second.cancel());
        secondRelease.open();
        assertEquals(first.result(30), second.result(30), "it ran, on the same worker");
    }

    @Test
    void shutdownThatCancelsAlsoCancelsTheTasksSentAhead() throws Exception {
        pool = TestPools.oneWorker(NAME, StartMethod.SPAWN, PREFETCH, DeathPolicy.BREAK_POOL);
        FileGate release = new FileGate();
        Watched<Long> running = blocker(pool, new FileGate(), release);
        List<FileGate> traces = new ArrayList<>();
        List<Watched<Integer>> ahead = new ArrayList<>();
        for (int i = 0; i < PREFETCH - 1; i++) {
            FileGate trace = new FileGate();
            traces.add(trace);
            ahead.add(submit(pool, leaving(trace, i)));
        }
        for (Watched<Integer> f : ahead) {
            f.awaitSent();
        }

        var end = pool.shutdown(PoolEngine.Queued.CANCEL);
        for (Watched<Integer> f : ahead) {
            assertInstanceOf(CancellationException.class, assertThrowsWithin(f));
        }
        release.open();
        assertTrue(running.result(30) > 0, "the running task finishes");
        end.get(30, TimeUnit.SECONDS);
        pool = null;
        for (FileGate trace : traces) {
            assertFalse(ran(trace), "a task cancelled at shutdown never ran: " + trace.path());
        }
    }

    @Test
    void underReplaceWorkerAWorkerKilledWhileHoldingSeveralTasksFailsOnlyTheRunningOne() throws Exception {
        pool = TestPools.oneWorker(NAME, StartMethod.SPAWN, PREFETCH, DeathPolicy.REPLACE_WORKER);
        Watched<Long> running = blocker(pool, new FileGate(), new FileGate());
        long first = pid(pool, running);
        List<Watched<Long>> ahead = new ArrayList<>();
        for (int i = 0; i < PREFETCH - 1; i++) {
            ahead.add(submit(pool, SentAheadTest::pid));
        }
        for (Watched<Long> f : ahead) {
            f.awaitSent();
        }

        new ProcessBuilder("kill", "-9", Long.toString(first)).start().waitFor();
        WorkerDiedException death = assertInstanceOf(WorkerDiedException.class, running.exception(30));
        assertEquals(first, death.pid());
        for (Watched<Long> f : ahead) {
            long ranOn = f.result(30);
            assertNotEquals(first, ranOn, "a task sent ahead to the dead worker ran on its replacement");
        }
    }

    /** The pid of the only worker, which runs {@code running}: asked of the process table, as the task cannot answer. */
    private static long pid(PoolEngine pool, Future<?> running) {
        assertFalse(running.done());
        return ProcessHandle.current().descendants()
                .filter(p -> p.isAlive() && p.info().commandLine().orElse("").contains("-Dpools4j.worker=" + NAME))
                .findFirst().orElseThrow(() -> new AssertionError("no worker JVM of " + NAME + " in the process table"))
                .pid();
    }

    private static Throwable assertThrowsWithin(Future<?> f) {
        return assertThrows(CancellationException.class, () -> f.result(30));
    }
}
