package io.pools4j.multiprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pools4j.fn.Fn1;
import io.pools4j.futures.FileGate;
import io.pools4j.worker.Children;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What {@link Pool}'s apply, map, starmap and imap families do, on one shared pool of two worker
 * JVMs: CPython's {@code _TestPool} (python_api.md §3 items 51-53: test_apply, test_map,
 * test_starmap, test_starmap_async, test_map_async, test_map_async_callbacks,
 * test_empty_iterable, test_map_chunksize, test_map_no_failfast, test_async_timeout, test_imap,
 * test_imap_unordered, the iterable-exception cases, test_traceback) and {@link AsyncResult}'s
 * contract.
 */
@Tag("process")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PoolTest {

    private static Pool pool;

    @BeforeAll
    static void startPool() {
        pool = new Pool(2);
    }

    @AfterAll
    static void noWorkerJvmLeft() {
        pool.close();
        Children.assertNoneLeft();
    }

    static long pid() {
        return ProcessHandle.current().pid();
    }

    static int square(int x) {
        return x * x;
    }

    static List<Integer> squares(int n) {
        return IntStream.range(0, n).map(x -> x * x).boxed().toList();
    }

    static List<Integer> upTo(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    // ------------------------------------------------------------ apply

    @Test
    void applyRunsTheFunctionInAWorkerJvmAndReturnsItsResult() {
        assertNotEquals(pid(), pool.apply(PoolTest::pid));
        assertEquals(25, pool.apply(PoolTest::square, 5));
        assertEquals(7, pool.apply((Integer a, Integer b) -> a + b, 3, 4));
        assertEquals("abc", pool.apply((String a, String b, String c) -> a + b + c, "a", "b", "c"));
    }

    @Test
    void applyAsyncReturnsAtOnceAndItsResultIsReadyWhenTheTaskHasRun() {
        FileGate gate = new FileGate();
        AsyncResult<Integer> result = pool.applyAsync(x -> {
            gate.await();
            return x * 2;
        }, 21);
        assertFalse(result.ready());
        assertThrows(IllegalStateException.class, result::successful, "successful() before ready() is an error");
        gate.open();
        assertEquals(42, result.get());
        assertTrue(result.ready());
        assertTrue(result.successful());
    }

    @Test
    void getWithATimeoutThrowsMultiprocessingTimeoutExceptionAndTheTaskGoesOn() {
        FileGate gate = new FileGate();
        AsyncResult<String> result = pool.applyAsync(() -> {
            gate.await();
            return "done";
        });
        MultiprocessingTimeoutException e = assertThrows(MultiprocessingTimeoutException.class, () -> result.get(0.05));
        assertTrue(e.getMessage().startsWith("the result of apply_async was not ready after 0.05 s"), e.getMessage());
        assertTrue(e instanceof ProcessException, "Python's multiprocessing.TimeoutError is a ProcessError");
        gate.open();
        assertEquals("done", result.get(30));
    }

    @Test
    void awaitWithATimeoutReturnsEvenIfTheResultIsNotReady() {
        FileGate gate = new FileGate();
        AsyncResult<Void> result = pool.applyAsync(gate::await);
        result.await(0.05);
        assertFalse(result.ready());
        gate.open();
        result.await();
        assertTrue(result.ready());
    }

    @Test
    void aFailedTaskThrowsItsOwnExceptionWithTheWorkersStackTraceAsCause() {
        AsyncResult<Integer> result = pool.applyAsync(x -> {
            throw new IllegalArgumentException("bad " + x);
        }, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, result::get);
        assertEquals("bad 3", e.getMessage());
        assertTrue(String.valueOf(e.getCause()).contains("IllegalArgumentException"), String.valueOf(e.getCause()));
        assertFalse(result.successful());
    }

    @Test
    void theCallbackRunsOnceWithTheResultBeforeTheResultIsReady() {
        List<Integer> results = new CopyOnWriteArrayList<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        AsyncResult<Integer> result = pool.applyAsync(PoolTest::square, 6, Callbacks.of(results::add, errors::add));
        assertEquals(36, result.get());
        assertEquals(List.of(36), results, "already ran when get() returned");
        assertEquals(List.of(), errors);
    }

    @Test
    void theErrorCallbackRunsOnceWithTheException() {
        List<Object> results = new CopyOnWriteArrayList<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        AsyncResult<Integer> result = pool.applyAsync(x -> 1 / x, 0, Callbacks.of(results::add, errors::add));
        assertThrows(ArithmeticException.class, result::get);
        assertEquals(1, errors.size());
        assertTrue(errors.get(0) instanceof ArithmeticException, errors.toString());
        assertEquals(List.of(), results);
    }

    @Test
    void aCallbackThatThrowsStillLetsTheResultBeDelivered() {
        AsyncResult<Integer> result = pool.applyAsync(PoolTest::square, 3, Callbacks.callback(r -> {
            throw new IllegalStateException("callback bug");
        }));
        assertEquals(9, result.get(30));
    }

    // ------------------------------------------------------------ map, starmap

    @Test
    void mapReturnsTheResultsInInputOrderWhateverTheChunksize() {
        assertEquals(squares(100), pool.map(PoolTest::square, upTo(100)));
        for (int chunksize : List.of(1, 3, 7, 50, 200)) {
            assertEquals(squares(100), pool.map(PoolTest::square, upTo(100), chunksize), "chunksize " + chunksize);
        }
    }

    @Test
    void mapOfAnEmptyInputIsAnEmptyListAtOnce() {
        assertEquals(List.of(), pool.map(PoolTest::square, List.<Integer>of()));
        assertTrue(pool.mapAsync(PoolTest::square, List.<Integer>of()).ready());
    }

    @Test
    void aChunksizeBelowOneIsRefusedWithPythonsWords() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pool.map(PoolTest::square, upTo(3), 0));
        assertEquals("chunksize must be 1+, not 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> pool.imap(PoolTest::square, upTo(3), -1));
    }

    @Test
    void theDefaultChunksizeIsFourChunksPerWorkerRoundedUp() {
        assertEquals(7, MapChunks.defaultChunksize(100, 4)); // divmod(100, 16) = (6, 4) -> 7
        assertEquals(6, MapChunks.defaultChunksize(96, 4));
        assertEquals(1, MapChunks.defaultChunksize(3, 4));
        assertEquals(1, MapChunks.defaultChunksize(0, 4));
    }

    @Test
    void mapAsyncGivesTheWholeListToItsCallback() {
        List<List<Integer>> seen = new CopyOnWriteArrayList<>();
        AsyncResult<List<Integer>> result = pool.mapAsync(PoolTest::square, upTo(10), 3, Callbacks.callback(seen::add));
        assertEquals(squares(10), result.get());
        assertEquals(List.of(squares(10)), seen);
    }

    @Test
    void mapWaitsForEveryChunkEvenAfterOneFailedThenThrowsTheFirstException() {
        FileGate slowChunk = new FileGate();
        AsyncResult<List<Integer>> result = pool.mapAsync(x -> {
            if (x == 0) {
                throw new IllegalStateException("chunk 0 failed");
            }
            slowChunk.await();
            return x;
        }, List.of(0, 1), 1, Callbacks.none());
        result.await(0.5);
        assertFalse(result.ready(), "no fail-fast: the second chunk still runs");
        slowChunk.open();
        IllegalStateException e = assertThrows(IllegalStateException.class, result::get);
        assertEquals("chunk 0 failed", e.getMessage());
    }

    @Test
    void starmapSpreadsEachListOverTheFunctionsArguments() {
        List<List<Integer>> pairs = List.of(List.of(1, 2), List.of(3, 4), List.of(5, 6));
        assertEquals(List.of(3, 7, 11), pool.starmap((Integer a, Integer b) -> a + b, pairs));
        assertEquals(List.of(2, 12, 30), pool.starmapAsync((Integer a, Integer b) -> a * b, pairs).get());
        assertEquals(List.of("abc"), pool.starmap((String a, String b, String c) -> a + b + c, List.of(List.of("a", "b", "c"))));
    }

    @Test
    void aStarmapItemOfTheWrongSizeIsNamedWithItsPosition() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pool.starmap((Integer a, Integer b) -> a + b, List.of(List.of(1, 2), List.of(3))));
        assertTrue(e.getMessage().startsWith("starmap item 1 is [3], but fn takes 2 arguments"), e.getMessage());
    }

    // ------------------------------------------------------------ imap

    @Test
    void imapYieldsTheResultsInInputOrderThenEnds() {
        for (int chunksize : List.of(1, 4)) {
            IMapIterator<Integer> it = pool.imap(PoolTest::square, upTo(10), chunksize);
            List<Integer> got = new ArrayList<>();
            it.forEach(got::add);
            assertEquals(squares(10), got);
            assertThrows(NoSuchElementException.class, it::next, "StopIteration");
        }
    }

    @Test
    void imapUnorderedYieldsAResultAsSoonAsItEnds() {
        FileGate first = new FileGate();
        IMapIterator<Integer> it = pool.imapUnordered(x -> {
            if (x == 0) {
                first.await(); // the first item ends only after the second was read
            }
            return x;
        }, List.of(0, 1));
        assertEquals(1, it.next(30));
        first.open();
        assertEquals(0, it.next(30));
        assertFalse(it.hasNext());
    }

    @Test
    void imapNextWithATimeoutThrowsMultiprocessingTimeoutException() {
        FileGate gate = new FileGate();
        IMapIterator<Integer> it = pool.imap(x -> {
            gate.await();
            return x;
        }, List.of(1));
        assertThrows(MultiprocessingTimeoutException.class, () -> it.next(0.05));
        gate.open();
        assertEquals(1, it.next(30));
    }

    @Test
    void aTasksExceptionInImapIsThrownAtItsPlaceAndTheIterationGoesOn() {
        Fn1<Integer, Integer> failOnTwo = x -> {
            if (x == 2) {
                throw new IllegalStateException("two");
            }
            return x;
        };
        Iterator<Integer> it = pool.imap(failOnTwo, upTo(4));
        assertEquals(0, it.next());
        assertEquals(1, it.next());
        assertEquals("two", assertThrows(IllegalStateException.class, it::next).getMessage());
        assertEquals(3, it.next());
        assertFalse(it.hasNext());
    }

    @Test
    void anExceptionWhileReadingTheInputIsThrownAtItsPlaceAndEndsTheIteration() {
        Iterable<Integer> failsAfterThree = () -> new Iterator<>() {
            int next;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                if (next == 3) {
                    throw new IllegalStateException("say when");
                }
                return next++;
            }
        };
        Iterator<Integer> it = pool.imap(PoolTest::square, failsAfterThree);
        assertEquals(List.of(0, 1, 4), List.of(it.next(), it.next(), it.next()));
        assertEquals("say when", assertThrows(IllegalStateException.class, it::next).getMessage());
        assertFalse(it.hasNext());
    }

    @Test
    void imapOfAnEndlessInputYieldsResultsWhileTheInputIsStillBeingRead() {
        Iterable<Integer> endless = () -> IntStream.iterate(0, i -> i + 1).boxed().iterator();
        IMapIterator<Integer> it = pool.imap(PoolTest::square, endless, 100);
        assertEquals(List.of(0, 1, 4, 9), List.of(it.next(30), it.next(30), it.next(30), it.next(30)));
    }

    @Test
    void theIteratorIsItsOwnIterable() {
        IMapIterator<Integer> it = pool.imap(PoolTest::square, upTo(3));
        assertSame(it, it.iterator());
        List<Integer> got = new ArrayList<>();
        for (int x : it) {
            got.add(x);
        }
        Collections.sort(got);
        assertEquals(squares(3), got);
    }
}
