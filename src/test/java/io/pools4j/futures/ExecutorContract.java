package io.pools4j.futures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pools4j.fn.Fn1;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@link Executor} contract, run on every backend (CPython's create_executor_tests):
 * subclasses say how to make an executor and a {@link Gate} its tasks can wait at. Every task
 * here is a serializable lambda that captures only values, so a process backend can run it.
 */
@Timeout(60)
public abstract class ExecutorContract {

    /** A new executor of {@code maxWorkers} workers. */
    protected abstract Executor newExecutor(int maxWorkers);

    /** A new closed gate that this backend's tasks can wait at. */
    protected abstract Gate newGate();

    private final List<Executor> opened = new ArrayList<>();

    protected Executor executor(int maxWorkers) {
        Executor ex = newExecutor(maxWorkers);
        opened.add(ex);
        return ex;
    }

    @AfterEach
    void shutdownExecutors() {
        opened.forEach(ex -> ex.shutdown(ShutdownOption.CANCEL_FUTURES));
    }

    static int square(int x) {
        return x * x;
    }

    static int divide(int a, int b) {
        return a / b;
    }

    @Test
    void submitRunsTheTaskAndResultReturnsItsValue() {
        Executor ex = executor(2);
        Future<BigInteger> f = ex.submit(BigInteger::pow, BigInteger.valueOf(323), 1235);
        assertEquals(BigInteger.valueOf(323).pow(1235), f.result());
    }

    @Test
    void submitPassesOneTwoOrThreeArguments() {
        Executor ex = executor(2);
        assertEquals(49, ex.submit(ExecutorContract::square, 7).result());
        assertEquals(3, ex.submit(ExecutorContract::divide, 7, 2).result());
        assertEquals("abc", ex.submit((String a, String b, String c) -> a + b + c, "a", "b", "c").result());
    }

    @Test
    void aTaskThatThrowsACheckedExceptionFailsItsFutureWithThatException() {
        Executor ex = executor(1);
        Future<Object> f = ex.submit(() -> {
            throw new IOException("no such page");
        });
        Throwable thrown = assertThrows(Throwable.class, f::result);
        assertInstanceOf(IOException.class, thrown);
        assertEquals("no such page", thrown.getMessage());
        assertInstanceOf(IOException.class, f.exception());
    }

    @Test
    void aRunnableTaskCompletesWithNull() {
        Executor ex = executor(1);
        Future<Void> f = ex.submit(() -> { });
        assertEquals(null, f.result());
        assertTrue(f.done());
    }

    @Test
    void mapReturnsResultsInInputOrder() {
        Executor ex = executor(2);
        List<Integer> in = IntStream.range(0, 10).boxed().toList();
        assertEquals(in.stream().map(ExecutorContract::square).toList(), ex.map(ExecutorContract::square, in).toList());
    }

    @Test
    void mapWithChunksReturnsTheSameResults() {
        Executor ex = executor(2);
        List<Integer> in = IntStream.range(0, 10).boxed().toList();
        assertEquals(in.stream().map(ExecutorContract::square).toList(),
                ex.map(ExecutorContract::square, in, null, 3).toList());
    }

    @Test
    void mapOfTwoIterablesZipsThemToTheShorter() {
        Executor ex = executor(2);
        assertEquals(List.of(8, 9), ex.map(ExecutorContract::divide, List.of(16, 27, 99), List.of(2, 3)).toList());
    }

    @Test
    void mapOfNothingYieldsNothing() {
        assertEquals(List.of(), executor(1).map(ExecutorContract::square, List.<Integer>of()).toList());
    }

    @Test
    void mapRejectsAChunksizeBelowOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> executor(1).map(ExecutorContract::square, List.of(1), null, 0));
        assertEquals("chunksize must be >= 1, chunksize=0", e.getMessage());
    }

    @Test
    void mapThrowsTheFailingItemsExceptionAtItsPositionAndThenEnds() {
        Executor ex = executor(1);
        Iterator<Integer> it = ex.map(ExecutorContract::divide, List.of(1, 1, 1, 1), List.of(1, 1, 0, 1)).iterator();
        assertEquals(1, it.next());
        assertEquals(1, it.next());
        assertThrows(ArithmeticException.class, it::next);
        assertFalse(it.hasNext());
    }

    @Test
    void aTasksOwnTimeoutInMapIsThrownAsTheTasksNotAsMapsTimeout() {
        Executor ex = executor(1);
        Fn1<Integer, Integer> nestedTimeout = x -> {
            throw new FutureTimeoutException("inner wait of item " + x, Duration.ofMillis(5));
        };
        FutureTimeoutException without = assertThrows(FutureTimeoutException.class,
                () -> ex.map(nestedTimeout, List.of(7)).toList());
        assertEquals("inner wait of item 7", without.getMessage(), "without a map timeout");
        FutureTimeoutException within = assertThrows(FutureTimeoutException.class,
                () -> ex.map(nestedTimeout, List.of(8), Duration.ofSeconds(30)).toList());
        assertEquals("inner wait of item 8", within.getMessage(), "with a map timeout that has not run out");
    }

    @Test
    void mapSubmitsEverythingEvenIfNeverIterated() {
        Executor ex = executor(2);
        Gate started = newGate();
        Fn1<Integer, Integer> openAndSquare = x -> {
            if (x == 2) {
                started.open();
            }
            return x * x;
        };
        ex.map(openAndSquare, List.of(0, 1, 2));
        assertTimeoutFree(started);
    }

    @Test
    void mapTimeoutCountsFromTheCallThrowsAndCancelsTheRest() {
        assertMapTimesOutAtItemTwo((ex, blockOnTwo) -> ex.map(blockOnTwo, List.of(0, 1, 2, 3, 4), Duration.ofMillis(300)));
    }

    /**
     * The map that {@code mapOf} makes, on one running worker, of a function that blocks on item 2
     * (the timeout it is given is then for the tasks, not for starting a worker JVM): results 0
     * and 1, then map's own timeout, then nothing.
     */
    private void assertMapTimesOutAtItemTwo(BiFunction<Executor, Fn1<Integer, Integer>, MapIterator<Integer>> mapOf) {
        Executor ex = executor(1);
        assertEquals(1, ex.submit(() -> 1).result(30));
        Gate gate = newGate();
        MapIterator<Integer> results = mapOf.apply(ex, x -> {
            if (x == 2) {
                gate.await();
            }
            return x;
        });
        List<Integer> got = new ArrayList<>();
        FutureTimeoutException e = assertThrows(FutureTimeoutException.class, () -> results.forEach(got::add));
        gate.open();
        assertEquals(List.of(0, 1), got);
        assertTrue(e.getMessage().startsWith("map() timed out"), e.getMessage());
        assertFalse(results.hasNext());
    }

    @Test
    void theMapResultsCanBeIteratedOnlyOnce() {
        MapIterator<Integer> results = executor(1).map(ExecutorContract::square, List.of(1, 2));
        results.iterator();
        IllegalStateException e = assertThrows(IllegalStateException.class, results::iterator);
        assertTrue(e.getMessage().contains("can be iterated once"), e.getMessage());
    }

    // CPython's test_map_buffersize_* (executor.py, 3.14), on every backend. Python's
    // test_map_buffersize_type_validation has no Java counterpart: buffersize is an int.

    static String str(int x) {
        return Integer.toString(x);
    }

    static int add(int a, int b) {
        return a + b;
    }

    /** An endless input 0, 1, 2, ... that counts how much of it map has read (read on the caller's thread only). */
    static final class Counting implements Iterator<Integer> {
        int read;

        @Override
        public boolean hasNext() {
            return true;
        }

        @Override
        public Integer next() {
            return read++;
        }
    }

    @Test
    void mapRejectsABuffersizeBelowOne() {
        for (int bad : new int[] {0, -1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MapOptions.buffersize(bad));
            assertEquals("buffersize must be >= 1, buffersize=" + bad + "; leave it out to submit every item at the call",
                    e.getMessage());
        }
    }

    @Test
    void mapWithABuffersizeReturnsEveryResultInOrder() {
        Executor ex = executor(2);
        for (int buffersize : new int[] {1, 2, 4, 8}) {
            assertEquals(List.of("0", "1", "2", "3"),
                    ex.map(ExecutorContract::str, List.of(0, 1, 2, 3), MapOptions.buffersize(buffersize)).toList(),
                    "buffersize " + buffersize);
        }
    }

    @Test
    void mapWithABuffersizeZipsTwoIterables() {
        Executor ex = executor(2);
        for (int buffersize : new int[] {1, 2, 4, 8}) {
            assertEquals(List.of(0, 2, 4, 6), ex.map(ExecutorContract::add, List.of(0, 1, 2, 3), List.of(0, 1, 2, 3),
                    MapOptions.buffersize(buffersize)).toList(), "buffersize " + buffersize);
        }
    }

    @Test
    void mapWithABuffersizeTakesAnEndlessStream() {
        MapIterator<String> results = executor(2).map(ExecutorContract::str, Stream.iterate(0, i -> i + 1),
                MapOptions.buffersize(2));
        assertEquals("0", results.next());
        assertEquals("1", results.next());
        assertEquals("2", results.next());
        results.close();
    }

    @Test
    void mapWithABuffersizeZipsTwoEndlessIterables() {
        Iterable<Integer> count = () -> new Counting();
        MapIterator<Integer> results = executor(2).map(ExecutorContract::add, count, count, MapOptions.buffersize(2));
        assertEquals(0, results.next());
        assertEquals(2, results.next());
        assertEquals(4, results.next());
        results.close();
    }

    @Test
    void mapWithABuffersizeOfAnEmptyInputYieldsNothing() {
        MapIterator<String> results = executor(1).map(ExecutorContract::str, List.<Integer>of(), MapOptions.buffersize(2));
        assertFalse(results.hasNext());
    }

    @Test
    void mapWithABuffersizeReadsOnlyThatManyItemsWhenNeverIterated() {
        Executor ex = executor(2);
        Iterator<Integer> ints = List.of(0, 1, 2, 3).iterator();
        ex.map(ExecutorContract::str, ints, MapOptions.buffersize(2));
        ex.shutdown();
        assertEquals(2, ints.next(), "map should have read only buffersize items of its input");
    }

    @Test
    void eachResultReachedReadsOneMoreTaskOfTheInput() {
        Counting input = new Counting();
        MapIterator<String> results = executor(2).map(ExecutorContract::str, input, MapOptions.buffersize(3));
        assertEquals(3, input.read, "read at the call");
        for (int k = 1; k <= 5; k++) {
            assertEquals(Integer.toString(k - 1), results.next());
            // As Python's: the next task is submitted before the awaited one's result is read.
            assertEquals(3 + k, input.read, "read after " + k + " results");
        }
        results.close();
        assertFalse(results.hasNext());
        assertEquals(8, input.read, "a closed map reads no more");
    }

    @Test
    void aBuffersizeCountsTasksSoWithChunksEachTaskReadsAWholeChunk() {
        Counting input = new Counting();
        MapIterator<String> results = executor(2).map(ExecutorContract::str, input,
                MapOptions.buffersize(2).withChunksize(3));
        assertEquals(6, input.read, "two chunks of three at the call");
        assertEquals(List.of("0", "1", "2"), List.of(results.next(), results.next(), results.next()));
        assertEquals(9, input.read, "reaching the first chunk submitted one more");
        assertEquals("3", results.next());
        assertEquals(12, input.read, "and reaching the second, one more");
        results.close();
    }

    @Test
    void aBufferedMapKeepsItsDeadlineFromTheCallAndReadsNoMoreAfterIt() {
        Counting input = new Counting();
        assertMapTimesOutAtItemTwo((ex, blockOnTwo) ->
                ex.map(blockOnTwo, input, MapOptions.buffersize(2).withTimeout(Duration.ofMillis(300))));
        assertEquals(5, input.read, "two at the call, then one before each of the three waits");
    }

    @Test
    void aFailingTaskEndsABufferedMapWhichThenReadsNoMore() {
        Counting input = new Counting();
        Fn1<Integer, Integer> failOnTwo = x -> 10 / (2 - x);
        MapIterator<Integer> results = executor(1).map(failOnTwo, input, MapOptions.buffersize(2));
        assertEquals(5, results.next());
        assertEquals(10, results.next());
        assertThrows(ArithmeticException.class, results::next);
        assertFalse(results.hasNext());
        assertEquals(5, input.read);
    }

    @Test
    void aBufferedMapOfAnExecutorShutDownMeanwhileThrowsWhenItWouldSubmitMore() {
        Executor ex = executor(1);
        MapIterator<String> results = ex.map(ExecutorContract::str, new Counting(), MapOptions.buffersize(1));
        ex.shutdown();
        RejectedExecutionException e = assertThrows(RejectedExecutionException.class, results::next);
        assertEquals("cannot schedule new futures after shutdown(); create a new executor", e.getMessage());
        assertFalse(results.hasNext());
    }

    @Test
    void submitAfterShutdownIsRejectedWithAClearMessage() {
        Executor ex = executor(1);
        ex.shutdown();
        RejectedExecutionException e = assertThrows(RejectedExecutionException.class, () -> ex.submit(() -> 1));
        assertEquals("cannot schedule new futures after shutdown(); create a new executor", e.getMessage());
    }

    @Test
    void aSecondShutdownReturnsAndChangesNothing() {
        Executor ex = executor(1);
        Future<Integer> done = ex.submit(() -> 1);
        ex.shutdown();
        ex.shutdown();
        assertEquals(1, done.result(), "a result from before the shutdowns is kept");
        assertThrows(RejectedExecutionException.class, () -> ex.submit(() -> 2), "still shut down");
    }

    @Test
    void closeWaitsForPendingWork() {
        List<Future<Integer>> fs = new ArrayList<>();
        try (Executor ex = newExecutor(2)) {
            for (int i = 0; i < 20; i++) {
                fs.add(ex.submit(ExecutorContract::square, i));
            }
        }
        for (int i = 0; i < 20; i++) {
            assertTrue(fs.get(i).done());
            assertEquals(i * i, fs.get(i).result(0));
        }
    }

    @Test
    void shutdownWithCancelFuturesCancelsWhatHasNotStarted() {
        Executor ex = executor(1);
        Gate started = newGate();
        Gate gate = newGate();
        Future<Object> blocker = ex.submit(() -> {
            started.open();
            gate.await();
            return "ran";
        });
        assertTimeoutFree(started);
        List<Future<Integer>> queued = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            queued.add(ex.submit(ExecutorContract::square, i));
        }
        ex.shutdown(ShutdownOption.NO_WAIT, ShutdownOption.CANCEL_FUTURES);
        gate.open();
        assertEquals("ran", blocker.result(30));
        long cancelled = queued.stream().filter(Future::cancelled).count();
        assertTrue(cancelled > 20, "cancelled " + cancelled + " of 50");
        for (Future<Integer> f : queued) {
            if (!f.cancelled()) {
                assertTrue(f.result(30) >= 0);
            }
        }
    }

    @Test
    void shutdownWithoutWaitStillCompletesSubmittedWork() {
        Executor ex = executor(2);
        List<Future<Integer>> fs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            fs.add(ex.submit(ExecutorContract::square, i));
        }
        ex.shutdown(ShutdownOption.NO_WAIT);
        for (int i = 0; i < 10; i++) {
            assertEquals(i * i, fs.get(i).result(30));
        }
    }

    @Test
    void cancelBeforeTheTaskStartsMeansItNeverRuns() {
        Executor ex = executor(1);
        Gate gate = newGate();
        Future<Object> blocker = ex.submit(() -> {
            gate.await();
            return null;
        });
        // A backend may refuse to cancel a task it has handed on (CPython's call queue counts those
        // as running; a process pool here cancels them in the worker). Either way one of 10 can be.
        List<Future<Integer>> ahead = new ArrayList<>();
        Future<Integer> queued = null;
        for (int i = 0; i < 10 && queued == null; i++) {
            Future<Integer> candidate = ex.submit(ExecutorContract::square, 3);
            if (candidate.cancel()) {
                queued = candidate;
            } else {
                ahead.add(candidate);
            }
        }
        assertTrue(queued != null, "with its one worker blocked, one of 10 tasks submitted could be cancelled");
        gate.open();
        blocker.result(30);
        for (Future<Integer> f : ahead) {
            assertEquals(9, f.result(30));
        }
        assertThrows(CancellationException.class, queued::result);
        DoneAndNotDone<Integer> r = Futures.wait(List.of(queued), Duration.ofSeconds(30), ReturnWhen.ALL_COMPLETED);
        assertEquals(1, r.done().size(), "the executor acknowledged the cancellation");
    }

    @Test
    void asCompletedYieldsEverySubmittedFuture() {
        Executor ex = executor(2);
        List<Future<Integer>> fs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            fs.add(ex.submit(ExecutorContract::square, i));
        }
        List<Integer> got = new ArrayList<>();
        for (Future<Integer> f : Futures.asCompleted(fs, Duration.ofSeconds(30))) {
            got.add(f.result());
        }
        got.sort(null);
        assertEquals(List.of(0, 1, 4, 9, 16, 25, 36, 49), got);
    }

    @Test
    void theResultIsTheSameObjectTheTaskThrew() {
        Executor ex = executor(1);
        Future<Object> f = ex.submit(() -> {
            throw new IllegalStateException("from the task");
        });
        Throwable first = f.exception();
        assertSame(first, f.exception());
        assertEquals("from the task", first.getMessage());
    }

    private static void assertTimeoutFree(Gate gate) {
        try {
            gate.await();
        } catch (Exception e) {
            throw new AssertionError("the gate was not opened: " + e, e);
        }
    }
}
