package io.pools4j.worker.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pools4j.futures.FileGate;
import io.pools4j.multiprocessing.StartMethod;
import io.pools4j.worker.Children;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The engine needs nothing of a task's result type but {@link Completion}, and calls it in the
 * order its javadoc states: shown with a completion that only records the calls, as
 * multiprocessing.AsyncResult will be one that is not a futures.Future.
 */
@Tag("process")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CompletionContractTest {

    /** Records each call; ends when the task has its outcome, or was cancelled. */
    private static final class Recording<R> implements Completion<R> {
        /** Guarded by itself. */
        private final List<String> calls = new ArrayList<>();
        private final CompletableFuture<Void> ended = new CompletableFuture<>();
        /** Guarded by calls. */
        private boolean cancelled;

        @Override
        public boolean setRunningOrNotifyCancel() {
            synchronized (calls) {
                calls.add("setRunningOrNotifyCancel");
                return !cancelled;
            }
        }

        @Override
        public void setResult(R value) {
            record("setResult " + value);
        }

        @Override
        public void setException(Throwable error) {
            record("setException " + error.getClass().getSimpleName() + ": " + error.getMessage());
        }

        @Override
        public boolean cancel() {
            synchronized (calls) {
                calls.add("cancel");
                cancelled = true;
            }
            ended.complete(null);
            return true;
        }

        private void record(String call) {
            synchronized (calls) {
                calls.add(call);
            }
            ended.complete(null);
        }

        List<String> callsOnceEnded() throws Exception {
            ended.get(30, TimeUnit.SECONDS);
            synchronized (calls) {
                return List.copyOf(calls);
            }
        }
    }

    private PoolEngine pool;

    @AfterEach
    void noWorkerJvmLeft() throws Exception {
        if (pool != null) {
            pool.shutdown(PoolEngine.Queued.RUN).get(30, TimeUnit.SECONDS);
        }
        Children.assertNoneLeft();
    }

    @Test
    void aTaskThatReturnsIsMarkedRunningThenGivenItsResult() throws Exception {
        pool = TestPools.oneWorker("CompletionContractTest", StartMethod.SPAWN, 1, DeathPolicy.BREAK_POOL);
        Recording<Integer> task = new Recording<>();
        pool.submit(() -> 6 * 7, task);
        assertEquals(List.of("setRunningOrNotifyCancel", "setResult 42"), task.callsOnceEnded());
    }

    @Test
    void aTaskThatThrowsIsMarkedRunningThenGivenItsException() throws Exception {
        pool = TestPools.oneWorker("CompletionContractTest", StartMethod.SPAWN, 1, DeathPolicy.BREAK_POOL);
        Recording<Object> task = new Recording<>();
        pool.submit(() -> {
            throw new IllegalStateException("doh");
        }, task);
        assertEquals(List.of("setRunningOrNotifyCancel", "setException IllegalStateException: doh"), task.callsOnceEnded());
    }

    @Test
    void aQueuedTaskThatShutdownCancelsIsCancelledThenAcknowledgedAndNeverRuns() throws Exception {
        // Prefetch 1: before its first answer, the only worker holds one task, so the next one waits in the queue.
        pool = TestPools.oneWorker("CompletionContractTest", StartMethod.SPAWN, 1, DeathPolicy.BREAK_POOL);
        FileGate started = new FileGate();
        FileGate release = new FileGate();
        Recording<String> running = new Recording<>();
        pool.submit(() -> {
            started.open();
            release.await();
            return "ran";
        }, running);
        started.await();
        Recording<String> queued = new Recording<>();
        pool.submit(() -> "never", queued);
        CompletableFuture<Void> end = pool.shutdown(PoolEngine.Queued.CANCEL);
        assertEquals(List.of("cancel", "setRunningOrNotifyCancel"), queued.callsOnceEnded());
        release.open();
        assertEquals(List.of("setRunningOrNotifyCancel", "setResult ran"), running.callsOnceEnded());
        end.get(30, TimeUnit.SECONDS);
    }
}
