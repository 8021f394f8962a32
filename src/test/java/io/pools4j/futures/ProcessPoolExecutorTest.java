package io.pools4j.futures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pools4j.fn.Fn1;
import io.pools4j.multiprocessing.StartMethod;
import io.pools4j.worker.Children;
import io.pools4j.worker.Forkserver;
import io.pools4j.worker.RemoteTraceback;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogRecord;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The executor contract on worker JVMs (every test of {@link ExecutorContract}, with a
 * {@link FileGate}), plus CPython's test_process_pool.py: killed child, max tasks per child,
 * saturation, idle reuse, initializer, terminate/kill workers, map chunksize, traceback.
 */
@Tag("process")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProcessPoolExecutorTest extends ExecutorContract {

    @Override
    protected Executor newExecutor(int maxWorkers) {
        return new ProcessPoolExecutor(maxWorkers);
    }

    @Override
    protected Gate newGate() {
        return new FileGate();
    }

    /** One pool for the tests that neither break it nor count its workers. */
    private static ProcessPoolExecutor shared;

    @BeforeAll
    static void openSharedPool() {
        shared = new ProcessPoolExecutor(2);
    }

    @AfterAll
    static void noWorkerJvmLeft() {
        shared.shutdown();
        Children.assertNoneLeft();
    }

    static long pid() {
        return ProcessHandle.current().pid();
    }

    @Test
    void theDefaultSizeIsTheNumberOfProcessors() {
        assertEquals(Runtime.getRuntime().availableProcessors(), ProcessPoolExecutor.defaultMaxWorkers());
        ProcessPoolExecutor ex = ProcessPoolExecutor.builder().startMethod(StartMethod.SPAWN).build();
        assertEquals(Runtime.getRuntime().availableProcessors(), ex.maxWorkers());
        ex.shutdown();
    }

    @Test
    void badArgumentsAreRejectedWithTheValue() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> new ProcessPoolExecutor(0));
        assertEquals("maxWorkers must be greater than 0, maxWorkers=0", zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ProcessPoolExecutor(-1));
        IllegalArgumentException tasks = assertThrows(IllegalArgumentException.class,
                () -> ProcessPoolExecutor.builder().maxTasksPerChild(0));
        assertEquals("maxTasksPerChild must be >= 1, maxTasksPerChild=0", tasks.getMessage());
    }

    @Test
    void theForkStartMethodIsRefusedWithItsReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProcessPoolExecutor.builder().startMethod(StartMethod.FORK));
        assertEquals("StartMethod.FORK is not possible for a JVM: a forked JVM keeps only the thread that called fork(), "
                + "so its garbage collector, JIT compilers and every other thread would be gone; use StartMethod.SPAWN "
                + "(a fresh JVM per worker) or StartMethod.FORKSERVER (a warm standby JVM, ready in milliseconds)", e.getMessage());
    }

    // ------------------------------------------------------------ worker JVM options

    @Test
    void aWorkerSeesItsPoolsSystemPropertyAndHeapSize() {
        try (ProcessPoolExecutor ex = ProcessPoolExecutor.builder().maxWorkers(1)
                .jvmOptions("-Dpools4j.test.colour=teal", "-Xmx64m").build()) {
            assertEquals(StartMethod.SPAWN, ex.startMethod(), "a pool with JVM options spawns its workers");
            assertEquals("teal", ex.submit(() -> System.getProperty("pools4j.test.colour")).result(30));
            long max = ex.submit(() -> Runtime.getRuntime().maxMemory()).result(30);
            // -Xmx64m less a survivor space, which the serial collector does not count as usable.
            assertTrue(max > 48L << 20 && max <= 64L << 20, "maxMemory=" + max);
        }
        assertEquals(null, shared.submit(() -> System.getProperty("pools4j.test.colour")).result(30),
                "another pool's workers do not have it");
    }

    @Test
    void aGarbageCollectorChosenInJvmOptionsReplacesTheSerialOne() {
        try (ProcessPoolExecutor ex = ProcessPoolExecutor.builder().maxWorkers(1).jvmOptions("-XX:+UseParallelGC").build()) {
            List<String> collectors = ex.submit(() -> java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()
                    .stream().map(java.lang.management.GarbageCollectorMXBean::getName).toList()).result(30);
            assertTrue(collectors.contains("PS Scavenge"), collectors.toString());
        }
    }

    @Test
    void anOptionThatIsNotAJvmOptionIsRefusedWithItsPosition() {
        IllegalArgumentException word = assertThrows(IllegalArgumentException.class,
                () -> ProcessPoolExecutor.builder().jvmOptions("-Xmx64m", "Xmx64m"));
        assertEquals("jvmOptions[1] is 'Xmx64m', which is not a JVM option: each must start with '-' (-Xmx512m, "
                + "-Dname=value, -javaagent:agent.jar); give an option and its value as one argument, e.g. "
                + "--add-opens=java.base/java.lang=ALL-UNNAMED", word.getMessage());
        IllegalArgumentException apart = assertThrows(IllegalArgumentException.class,
                () -> ProcessPoolExecutor.builder().jvmOptions("--add-opens", "java.base/java.lang=ALL-UNNAMED"));
        assertTrue(apart.getMessage().startsWith("jvmOptions[1] is 'java.base/java.lang=ALL-UNNAMED'"), apart.getMessage());
        IllegalArgumentException classPath = assertThrows(IllegalArgumentException.class,
                () -> ProcessPoolExecutor.builder().jvmOptions("--class-path=extra.jar"));
        assertTrue(classPath.getMessage().startsWith("jvmOptions[0] is '--class-path=extra.jar', which pools4j sets itself"),
                classPath.getMessage());
    }

    @Test
    void aForkserverPoolCannotTakeJvmOptions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProcessPoolExecutor.builder()
                .startMethod(StartMethod.FORKSERVER).jvmOptions("-Xmx64m").build());
        assertEquals("StartMethod.FORKSERVER cannot take jvmOptions [-Xmx64m]: its workers are standby JVMs started "
                + "ahead of any pool with the default options; use StartMethod.SPAWN (the default for a pool with "
                + "jvmOptions), or leave the jvmOptions out", e.getMessage());
    }

    @Test
    void anOptionTheJvmRefusesBreaksThePoolWithTheJvmsOwnWords() {
        try (ProcessPoolExecutor ex = ProcessPoolExecutor.builder().maxWorkers(1).jvmOptions("-XX:+NoSuchPools4jOption").build()) {
            Throwable e = assertThrows(Throwable.class, () -> ex.submit(() -> 1).result(30));
            assertInstanceOf(BrokenProcessPoolException.class, e);
            String all = e + " " + e.getCause();
            assertTrue(all.contains("NoSuchPools4jOption"), all);
        }
    }

    @Test
    void aWorkerEndsAfterMaxTasksPerChildAndANewOneTakesOver() {
        List<Long> pids = new ArrayList<>();
        ProcessPoolExecutor ex = ProcessPoolExecutor.builder().maxWorkers(1).maxTasksPerChild(3).build();
        try {
            assertEquals(StartMethod.SPAWN, ex.startMethod(), "Python: max_tasks_per_child defaults to spawn");
            for (int i = 0; i < 6; i++) {
                pids.add(ex.submit(ProcessPoolExecutorTest::pid).result(30));
            }
        } finally {
            ex.shutdown();
        }
        assertEquals(List.of(pids.get(0), pids.get(0), pids.get(0), pids.get(3), pids.get(3), pids.get(3)), pids);
        assertNotEquals(pids.get(0), pids.get(3));
    }

    @Test
    void queuedWorkStillCompletesWhenShutdownComesBeforeTheLimit() {
        ProcessPoolExecutor ex = ProcessPoolExecutor.builder().maxWorkers(1).maxTasksPerChild(2).build();
        List<Future<Integer>> fs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            fs.add(ex.submit(ExecutorContract::square, i));
        }
        ex.shutdown();
        for (int i = 0; i < 5; i++) {
            assertEquals(i * i, fs.get(i).result(0));
        }
    }

    @Test
    void neverMoreWorkerJvmsThanMaxWorkers() {
        FileGate gate = new FileGate();
        Set<Long> pids = new HashSet<>();
        try (ProcessPoolExecutor ex = ProcessPoolExecutor.builder().maxWorkers(2).startMethod(StartMethod.SPAWN).build()) {
            List<Future<Long>> fs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                fs.add(ex.submit(() -> {
                    gate.arrive(String.valueOf(pid()));
                    gate.await(); // every task waits, so the pool must grow to its limit to hold them
                    return pid();
                }));
            }
            assertTrue(gate.awaitArrivals(2), "the pool never ran tasks on 2 worker JVMs at once");
            gate.open();
            fs.forEach(f -> pids.add(f.result(30)));
        }
        assertEquals(2, pids.size(), pids.toString());
    }

    @Test
    void sequentialWorkReusesOneIdleWorker() {
        Set<Long> pids = new HashSet<>();
        try (ProcessPoolExecutor ex = new ProcessPoolExecutor(4)) {
            for (int i = 0; i < 5; i++) {
                pids.add(ex.submit(ProcessPoolExecutorTest::pid).result(30));
            }
        }
        assertEquals(1, pids.size(), pids.toString());
    }

    @Test
    void theFirstForkserverPoolStartsStandbysBeforeItsFirstSubmitAndRunsItOnOne() {
        Forkserver.stop();
        try (ProcessPoolExecutor ex = ProcessPoolExecutor.builder().maxWorkers(1).startMethod(StartMethod.FORKSERVER).build()) {
            Set<Long> before = Children.standbysUp(1);
            assertTrue(before.contains(ex.submit(ProcessPoolExecutorTest::pid).result(30)), "ran on a standby " + before);
        }
    }

    @Test
    void aLaterForkserverPoolRunsOnAJvmThatWasAlreadyRunning() {
        try (ProcessPoolExecutor first = ProcessPoolExecutor.builder().maxWorkers(1).startMethod(StartMethod.FORKSERVER).build()) {
            first.submit(ProcessPoolExecutorTest::pid).result(30);
        }
        Set<Long> before = Children.standbysUp(1);
        try (ProcessPoolExecutor later = ProcessPoolExecutor.builder().maxWorkers(1).startMethod(StartMethod.FORKSERVER).build()) {
            assertTrue(before.contains(later.submit(ProcessPoolExecutorTest::pid).result(30)), "ran on a standby " + before);
        }
    }

    @Test
    void aTakenStandbyIsEndedWithItsPoolAndReplaced() {
        long taken;
        try (ProcessPoolExecutor ex = ProcessPoolExecutor.builder().maxWorkers(1).startMethod(StartMethod.FORKSERVER).build()) {
            Children.standbysUp(1);
            taken = ex.submit(ProcessPoolExecutorTest::pid).result(30);
        }
        assertFalse(Children.running(taken), "the pool's shutdown ended the standby it took");
        assertFalse(Children.standbysUp(1).contains(taken));
    }

    /** State an initializer sets in a worker JVM; each worker has its own copy. */
    static final class InitState {
        static String value;
        static int runs;

        private InitState() {}
    }

    @Test
    void theInitializerRunsOnceInEachWorkerBeforeItsTasks() {
        try (ProcessPoolExecutor ex = ProcessPoolExecutor.builder().maxWorkers(1)
                .initializer((String v) -> {
                    InitState.runs++;
                    InitState.value = v;
                    return null;
                }, "ready").build()) {
            assertEquals("ready 1", ex.submit(() -> InitState.value + " " + InitState.runs).result(30));
            assertEquals("ready 1", ex.submit(() -> InitState.value + " " + InitState.runs).result(30));
        }
    }

    @Test
    void aFailingInitializerBreaksThePool() {
        List<LogRecord> logged = FutureTest.captureLog(() -> {
            ProcessPoolExecutor ex = ProcessPoolExecutor.builder().maxWorkers(1).startMethod(StartMethod.SPAWN)
                    .initializer(() -> {
                        throw new IllegalStateException("error in initializer");
                    }).build();
            Future<Integer> f = ex.submit(() -> 1);
            BrokenProcessPoolException e = assertInstanceOf(BrokenProcessPoolException.class, f.exception(30));
            assertTrue(e.getMessage().startsWith("A process in the process pool failed to run its initializer (worker pid "
                    + e.pid() + ": java.lang.IllegalStateException: error in initializer); the pool is not usable anymore; "
                    + "fix the initializer and create a new executor"), e.getMessage());
            assertEquals("error in initializer", e.getCause().getMessage());
            assertThrows(BrokenProcessPoolException.class, () -> ex.submit(() -> 2));
            ex.shutdown();
        });
        assertTrue(logged.stream().anyMatch(r -> r.getMessage().equals("Exception in initializer:")));
    }

    @Test
    void terminateWorkersEndsTheRunningTaskAndRefusesNewWork() throws Exception {
        forceShutdown(false, "exited with code 143 (killed by signal 15)");
    }

    @Test
    void killWorkersEndsTheRunningTaskAndRefusesNewWork() throws Exception {
        forceShutdown(true, "exited with code 137 (killed by signal 9)");
    }

    private static void forceShutdown(boolean kill, String exit) throws Exception {
        ProcessPoolExecutor ex = ProcessPoolExecutor.builder().maxWorkers(1).startMethod(StartMethod.SPAWN).build();
        FileGate started = new FileGate();
        FileGate never = new FileGate();
        Future<Object> running = ex.submit(() -> {
            started.open();
            never.await();
            return "never";
        });
        Future<Integer> queued = ex.submit(() -> 1);
        Future<Integer> queued2 = ex.submit(() -> 2);
        started.await();
        if (kill) {
            ex.killWorkers();
        } else {
            ex.terminateWorkers();
        }
        BrokenProcessPoolException e = assertInstanceOf(BrokenProcessPoolException.class, running.exception(30));
        assertTrue(e.getMessage().startsWith("A process in the process pool was terminated abruptly while the future was "
                + "running or pending: worker pid " + e.pid() + " " + exit + ": terminateWorkers()/killWorkers() ended it"),
                e.getMessage());
        assertTrue(queued2.cancelled(), "a queued task is cancelled");
        assertTrue(queued.done());
        RejectedExecutionException r = assertThrows(RejectedExecutionException.class, () -> ex.submit(() -> 3));
        assertEquals("cannot schedule new futures after shutdown(); create a new executor", r.getMessage());
        assertTrue(ProcessHandle.of(e.pid()).isEmpty() || !Children.running(e.pid()), "the worker JVM has ended");
    }

    @Test
    void terminateWorkersWithNoWorkerStartedOnlyShutsDown() {
        ProcessPoolExecutor ex = ProcessPoolExecutor.builder().maxWorkers(1).startMethod(StartMethod.SPAWN).build();
        ex.terminateWorkers();
        ex.killWorkers();
        assertThrows(RejectedExecutionException.class, () -> ex.submit(() -> 1));
        assertEquals("<ProcessPoolExecutor " + ex.toString().split(" ")[1] + " maxWorkers=1 startMethod=spawn workers=0 "
                + "queued=0 shut down>", ex.toString());
    }

    @Test
    void mapSendsEachChunkToOneWorkerWhole() throws Exception {
        // Both workers up and free first: were chunks ignored, the items would alternate between them.
        FileGate first = new FileGate();
        FileGate second = new FileGate();
        Future<Long> a = shared.submit(() -> { first.open(); second.await(); return pid(); });
        Future<Long> b = shared.submit(() -> { second.open(); first.await(); return pid(); });
        assertNotEquals(a.result(30), b.result(30), "two workers ran side by side");
        List<Long> pids = shared.map(x -> pid(), IntStream.range(0, 12).boxed().toList(), null, 3).toList();
        for (int chunk = 0; chunk < 4; chunk++) {
            List<Long> of = pids.subList(3 * chunk, 3 * chunk + 3);
            assertEquals(1, new HashSet<>(of).size(), "chunk " + chunk + " ran in one JVM: " + pids);
        }
    }

    @Test
    void mapGivesTheSameResultsForEveryChunksize() {
        List<Integer> in = IntStream.range(0, 100).boxed().toList();
        List<Integer> expected = in.stream().map(ExecutorContract::square).toList();
        for (int chunksize : new int[] {1, 6, 40, 50, 200}) {
            assertEquals(expected, shared.map(ExecutorContract::square, in, null, chunksize).toList(), "chunksize " + chunksize);
        }
    }

    @Test
    void whatATaskPrintsReachesTheParentsSystemOut() {
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        long workerPid;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            workerPid = shared.submit(() -> {
                System.out.println("hello from the worker " + pid());
                return pid();
            }).result(30);
        } finally {
            System.setOut(saved);
        }
        assertEquals("hello from the worker " + workerPid + System.lineSeparator(), captured.toString(StandardCharsets.UTF_8));
    }

    static int failWith(String message) {
        throw new IllegalArgumentException(message);
    }

    @Test
    void theWorkersStackTraceIsTheCause() {
        Throwable e = shared.submit(ProcessPoolExecutorTest::failWith, "bad value").exception(30);
        assertInstanceOf(IllegalArgumentException.class, e);
        assertEquals("bad value", e.getMessage());
        RemoteTraceback remote = assertInstanceOf(RemoteTraceback.class, e.getCause());
        assertNotEquals(pid(), remote.pid());
        assertTrue(remote.getMessage().contains("java.lang.IllegalArgumentException: bad value"), remote.getMessage());
        assertTrue(remote.getMessage().contains("io.pools4j.futures.ProcessPoolExecutorTest.failWith(ProcessPoolExecutorTest.java:"), remote.getMessage());
    }

    @Test
    void aKilledWorkerBreaksThePoolForPendingWorkAndLaterSubmits() throws Exception {
        ProcessPoolExecutor ex = ProcessPoolExecutor.builder().maxWorkers(2).startMethod(StartMethod.SPAWN).build();
        try {
            long victim = ex.submit(ProcessPoolExecutorTest::pid).result(30);
            FileGate never = new FileGate();
            List<Future<Object>> pending = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                pending.add(ex.submit(() -> {
                    never.await();
                    return null;
                }));
            }
            new ProcessBuilder("kill", "-TERM", Long.toString(victim)).start().waitFor();
            for (Future<Object> f : pending) {
                assertInstanceOf(BrokenProcessPoolException.class, f.exception(30));
            }
            assertThrows(BrokenProcessPoolException.class, () -> ex.submit(() -> 1));
        } finally {
            ex.shutdown();
        }
    }

    // ------------------------------------------------------------ tasks sent ahead to a worker

    /**
     * map(fn, [0, 1, 2, 3]) on one worker where item 0 holds the worker at {@code release} and
     * every other item leaves its trace file: item 1 is sent to the worker ahead of its start.
     */
    private static MapIterator<Integer> heldMap(Executor ex, FileGate started, FileGate release, List<FileGate> traces,
                                                java.time.Duration timeout) {
        Fn1<Integer, Integer> fn = i -> {
            if (i == 0) {
                started.open();
                release.await();
            } else {
                traces.get(i).open();
            }
            return i;
        };
        return ex.map(fn, List.of(0, 1, 2, 3), timeout);
    }

    private static List<FileGate> traces() {
        return List.of(new FileGate(), new FileGate(), new FileGate(), new FileGate());
    }

    private static void assertNoneRan(List<FileGate> traces) {
        for (FileGate trace : traces.subList(1, traces.size())) {
            assertFalse(java.nio.file.Files.exists(java.nio.file.Path.of(trace.path())),
                    "an item not started when map ended never ran: " + trace.path());
        }
    }

    @Test
    void aMapTimeoutLeavesTheItemsNotStartedUnrunEvenThoseSentAhead() {
        ProcessPoolExecutor ex = new ProcessPoolExecutor(1);
        try {
            assertEquals(1, ex.submit(() -> 1).result(30)); // a worker that runs: the timeout is for the tasks
            FileGate started = new FileGate();
            FileGate release = new FileGate();
            List<FileGate> traces = traces();
            MapIterator<Integer> it = heldMap(ex, started, release, traces, java.time.Duration.ofMillis(500));
            started.await();
            assertThrows(FutureTimeoutException.class, it::next);
            release.open();
            assertEquals(2, ex.submit(() -> 2).result(30), "the worker is past where the items were");
            assertNoneRan(traces);
        } finally {
            ex.shutdown();
        }
    }

    @Test
    void closingAMapIteratorLeavesTheItemsNotStartedUnrunEvenThoseSentAhead() {
        ProcessPoolExecutor ex = new ProcessPoolExecutor(1);
        try {
            FileGate started = new FileGate();
            FileGate release = new FileGate();
            List<FileGate> traces = traces();
            try (MapIterator<Integer> it = heldMap(ex, started, release, traces, null)) {
                started.await(); // item 0 runs; close() before any result is taken
            }
            release.open();
            assertEquals(2, ex.submit(() -> 2).result(30), "the worker is past where the items were");
            assertNoneRan(traces);
        } finally {
            ex.shutdown();
        }
    }
}
