package io.pools4j.multiprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pools4j.futures.FileGate;
import io.pools4j.worker.Children;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * A {@link Pool}'s life, each test on a pool of its own: what the constructor refuses, what a
 * closed or terminated pool refuses, close() waiting for the work, terminate() with work queued,
 * workers replaced after maxTasksPerChild tasks, the initializer, the start method, worker JVM
 * options, toString.
 * CPython's {@code _TestPool} (test_make_pool, test_terminate, test_context, test_enter),
 * {@code _TestPoolWorkerLifetime} and {@code TestInitializers::test_pool_initializer}
 * (python_api.md §3 items 54-55).
 */
@Tag("process")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PoolLifecycleTest {

    private Pool pool;

    /** A pool of SPAWN workers (no forkserver standbys to share the two cores with). */
    private Pool pool(Pool.Builder builder) {
        pool = builder.startMethod(StartMethod.SPAWN).build();
        return pool;
    }

    @AfterEach
    void noWorkerJvmLeft() {
        if (pool != null) {
            pool.terminate();
        }
        Multiprocessing.setStartMethod(null, Multiprocessing.Force.FORCE);
        Children.assertNoneLeft();
    }

    static long pid() {
        return ProcessHandle.current().pid();
    }

    static int square(int x) {
        return x * x;
    }

    private static void assertNotRunning(Executable call) {
        IllegalStateException e = assertThrows(IllegalStateException.class, call);
        assertTrue(e.getMessage().startsWith("Pool not running"), e.getMessage());
    }

    // ------------------------------------------------------------ construction

    @Test
    void aPoolOfZeroOrFewerProcessesIsRefusedWithPythonsWords() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> new Pool(0));
        assertEquals("Number of processes must be at least 1, processes=0", zero.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> new Pool(-1));
        assertEquals("Number of processes must be at least 1, processes=-1", negative.getMessage());
    }

    @Test
    void maxTasksPerChildOfZeroOrFewerIsRefused() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> Pool.builder().maxTasksPerChild(0));
        assertEquals("maxTasksPerChild must be >= 1, maxTasksPerChild=0", zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pool.builder().maxTasksPerChild(-1));
    }

    // ------------------------------------------------------------ refusals after the end

    @Test
    void applyApplyAsyncAndMapAfterCloseAreRefused() {
        Pool p = pool(Pool.builder().processes(1));
        p.close();
        assertNotRunning(() -> p.apply(PoolLifecycleTest::pid));
        assertNotRunning(() -> p.applyAsync(PoolLifecycleTest::square, 2));
        assertNotRunning(() -> p.map(PoolLifecycleTest::square, List.of(1, 2)));
        assertNotRunning(() -> p.imap(PoolLifecycleTest::square, List.of(1, 2)));
    }

    @Test
    void mapOfAnEmptyInputAfterCloseIsRefusedToo() {
        Pool p = pool(Pool.builder().processes(1));
        p.close();
        assertNotRunning(() -> p.map(PoolLifecycleTest::square, List.<Integer>of()));
        assertNotRunning(() -> p.starmap((Integer a, Integer b) -> a + b, List.<List<?>>of()));
    }

    @Test
    void applyApplyAsyncAndMapAfterTerminateAreRefused() {
        Pool p = pool(Pool.builder().processes(1));
        p.terminate();
        assertNotRunning(() -> p.apply(PoolLifecycleTest::pid));
        assertNotRunning(() -> p.applyAsync(PoolLifecycleTest::square, 2));
        assertNotRunning(() -> p.map(PoolLifecycleTest::square, List.of(1, 2)));
    }

    @Test
    void aPoolUsedAfterItsTryWithResourcesBlockRefusesWork() {
        Pool used;
        try (Pool p = pool(Pool.builder().processes(1))) {
            assertEquals(9, p.apply(PoolLifecycleTest::square, 3));
            used = p;
        }
        assertNotRunning(() -> used.apply(PoolLifecycleTest::square, 3));
    }

    @Test
    void joinWhileThePoolIsRunningIsRefused() {
        Pool p = pool(Pool.builder().processes(1));
        IllegalStateException e = assertThrows(IllegalStateException.class, p::join);
        assertTrue(e.getMessage().startsWith("Pool is still running"), e.getMessage());
    }

    // ------------------------------------------------------------ close

    @Test
    void closeWaitsUntilEveryTaskGivenBeforeHasRunThenTheWorkersEnd() throws Exception {
        Pool p = pool(Pool.builder().processes(2));
        FileGate gate = new FileGate();
        List<AsyncResult<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            results.add(p.applyAsync(x -> {
                gate.await();
                return x * x;
            }, i));
        }
        Thread closer = Thread.ofPlatform().name("closing-the-pool").start(p::close);
        while (closer.getState() != Thread.State.WAITING) {
            Thread.onSpinWait(); // until close() waits: there is no event for "now waiting"
        }
        assertTrue(closer.isAlive(), "close() waits while the tasks cannot end");
        assertTrue(results.stream().noneMatch(AsyncResult::ready), "the gate holds every task");
        gate.open();
        closer.join();
        for (int i = 0; i < 6; i++) {
            assertTrue(results.get(i).ready(), "task " + i + " had run when close() returned");
            assertEquals(i * i, results.get(i).get());
        }
        Children.assertNoneLeft();
    }

    @Test
    void theEndOfATryWithResourcesBlockWaitsForTheApplyAsyncTasksGivenInIt() {
        List<AsyncResult<Long>> results = new ArrayList<>();
        try (Pool p = pool(Pool.builder().processes(2))) {
            for (int i = 0; i < 8; i++) {
                results.add(p.applyAsync(PoolLifecycleTest::pid));
            }
        }
        for (AsyncResult<Long> r : results) {
            assertTrue(r.ready() && r.successful(), r.toString());
            assertNotEquals(pid(), r.get());
        }
        Children.assertNoneLeft();
    }

    // ------------------------------------------------------------ terminate

    @Test
    void terminateWithTenThousandQueuedTasksReturnsAndCancelsThem() {
        Pool p = pool(Pool.builder().processes(1));
        AsyncResult<Long> running = HeldTask.running(p);
        List<AsyncResult<Integer>> queued = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            queued.add(p.applyAsync(PoolLifecycleTest::square, i));
        }

        p.terminate();

        ProcessException e = assertThrows(ProcessException.class, running::get);
        assertTrue(e.getMessage().contains("terminate"), e.getMessage());
        int cancelled = 0;
        for (AsyncResult<Integer> r : queued) {
            assertTrue(r.ready(), r.toString());
            try {
                r.get();
            } catch (CancellationException c) {
                cancelled++;
            } catch (ProcessException handedAhead) {
                // the worker held it behind the running task, and was ended with it
                assertTrue(handedAhead.getMessage().contains("terminate"), handedAhead.getMessage());
            }
        }
        assertTrue(cancelled >= 10_000 - 64, "a worker holds at most 64 tasks; the rest were cancelled: " + cancelled);
        Children.assertNoneLeft();
    }

    @Test
    void terminateTwiceAndJoinAfterTerminateReturn() {
        Pool p = pool(Pool.builder().processes(1));
        assertEquals(4, p.apply(PoolLifecycleTest::square, 2));
        p.terminate();
        p.terminate();
        p.join();
        Children.assertNoneLeft();
    }

    @Test
    void terminateWhileCloseWaitsForATaskStopsItAndCloseReturns() throws Exception {
        Pool p = pool(Pool.builder().processes(1));
        AsyncResult<Long> running = HeldTask.running(p);
        Thread closer = Thread.ofPlatform().name("closing-the-pool").start(p::close);
        while (closer.getState() != Thread.State.WAITING) {
            Thread.onSpinWait(); // until close() waits: there is no event for "now waiting"
        }
        p.terminate();
        closer.join();
        ProcessException e = assertThrows(ProcessException.class, running::get);
        assertTrue(e.getMessage().contains("terminate"), e.getMessage());
        assertTrue(p.toString().contains("state=TERMINATE"), p.toString());
        Children.assertNoneLeft();
    }

    // ------------------------------------------------------------ worker lifetime

    @Test
    void withMaxTasksPerChild2EachWorkerRunsTwoTasksThenANewOneTakesItsPlace() {
        Pool p = pool(Pool.builder().processes(1).maxTasksPerChild(2));
        List<Long> pids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            pids.add(p.apply(PoolLifecycleTest::pid));
        }
        assertEquals(List.of(pids.get(0), pids.get(0), pids.get(2), pids.get(2), pids.get(4), pids.get(4)), pids);
        assertEquals(3, new HashSet<>(pids).size(), pids.toString());
    }

    @Test
    void closeRightAfterGivingTasksToWorkersOfOneTaskEachStillRunsThemAll() {
        Pool p = pool(Pool.builder().processes(1).maxTasksPerChild(1));
        List<AsyncResult<Long>> results = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            results.add(p.applyAsync(PoolLifecycleTest::pid));
        }
        p.close();
        List<Long> pids = results.stream().map(AsyncResult::get).toList();
        assertEquals(6, new HashSet<>(pids).size(), "one worker per task: " + pids);
        Children.assertNoneLeft();
    }

    // ------------------------------------------------------------ initializer

    @Test
    void theInitializerSetsStateThatTheTasksSee() {
        Pool p = pool(Pool.builder().processes(2)
                .initializer((String value) -> System.setProperty("pools4j.test.initialized", value), "by the initializer"));
        assertEquals(List.of("by the initializer", "by the initializer"),
                p.map(i -> System.getProperty("pools4j.test.initialized"), List.of(1, 2)));
    }

    // ------------------------------------------------------------ start method

    @Test
    void aPoolMadeWithASpawnContextStartsItsWorkersBySpawn() {
        pool = Pool.builder().processes(1).context(Multiprocessing.getContext(StartMethod.SPAWN)).build();
        assertEquals(StartMethod.SPAWN, pool.startMethod());
        assertNotEquals(pid(), pool.apply(PoolLifecycleTest::pid));
    }

    @Test
    void afterSetStartMethodSpawnANewPoolUsesSpawn() {
        Multiprocessing.setStartMethod(StartMethod.SPAWN);
        pool = new Pool(1);
        assertEquals(StartMethod.SPAWN, pool.startMethod());
    }

    // ------------------------------------------------------------ worker JVM options

    @Test
    void aPoolWithJvmOptionsAndNoContextSpawnsWorkersThatSeeThem() {
        pool = Pool.builder().processes(1).jvmOptions("-Dpools4j.test.colour=teal", "-Xmx64m").build();
        assertEquals(StartMethod.SPAWN, pool.startMethod(), "the program-wide default is FORKSERVER, which cannot take them");
        assertEquals("teal", pool.apply(() -> System.getProperty("pools4j.test.colour")));
        long max = pool.apply(() -> Runtime.getRuntime().maxMemory());
        // -Xmx64m less a survivor space, which the serial collector does not count as usable.
        assertTrue(max > 48L << 20 && max <= 64L << 20, "maxMemory=" + max);
    }

    @Test
    void aPoolMadeWithASpawnContextTakesJvmOptions() {
        pool = Pool.builder().processes(1).context(Multiprocessing.getContext(StartMethod.SPAWN))
                .jvmOptions("-Dpools4j.test.colour=olive").build();
        assertEquals(List.of("olive", "olive"), pool.map(i -> System.getProperty("pools4j.test.colour"), List.of(1, 2)));
    }

    @Test
    void aForkserverContextCannotTakeJvmOptions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pool.builder()
                .context(Multiprocessing.getContext(StartMethod.FORKSERVER)).jvmOptions("-Dk=v").build());
        assertTrue(e.getMessage().startsWith("StartMethod.FORKSERVER cannot take jvmOptions [-Dk=v]"), e.getMessage());
        IllegalArgumentException word = assertThrows(IllegalArgumentException.class,
                () -> Pool.builder().jvmOptions("Dk=v"));
        assertTrue(word.getMessage().startsWith("jvmOptions[0] is 'Dk=v', which is not a JVM option"), word.getMessage());
    }

    // ------------------------------------------------------------ toString

    @Test
    void toStringShowsTheStateAndTheNumberOfProcesses() {
        Pool p = pool(Pool.builder().processes(2));
        assertTrue(p.toString().contains("state=RUN processes=2"), p.toString());
        p.close();
        assertTrue(p.toString().contains("state=CLOSE processes=2"), p.toString());
        p.terminate();
        assertTrue(p.toString().contains("state=TERMINATE processes=2"), p.toString());
    }
}
