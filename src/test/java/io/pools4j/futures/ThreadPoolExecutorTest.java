package io.pools4j.futures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pools4j.Interrupts;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** The executor contract on threads, plus Python's test_thread_pool.py and test_init.py. */
class ThreadPoolExecutorTest extends ExecutorContract {

    @Override
    protected Executor newExecutor(int maxWorkers) {
        return new ThreadPoolExecutor(maxWorkers);
    }

    @Override
    protected Gate newGate() {
        return new LatchGate();
    }

    @Test
    void theDefaultSizeIsPythonsMin32CpusPlus4() {
        int cpus = Runtime.getRuntime().availableProcessors();
        assertEquals(Math.min(32, cpus + 4), ThreadPoolExecutor.defaultMaxWorkers());
        try (ThreadPoolExecutor ex = new ThreadPoolExecutor()) {
            assertEquals(Math.min(32, cpus + 4), ex.maxWorkers());
        }
    }

    @Test
    void zeroOrNegativeWorkersAreRejected() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> new ThreadPoolExecutor(0));
        assertEquals("maxWorkers must be greater than 0, maxWorkers=0", zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ThreadPoolExecutor(-1));
    }

    @Test
    void neverMoreThreadsThanMaxWorkers() throws Exception {
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        CountDownLatch release = new CountDownLatch(1);
        try (ThreadPoolExecutor ex = new ThreadPoolExecutor(4)) {
            List<Future<Object>> fs = new ArrayList<>();
            for (int i = 0; i < 15; i++) {
                fs.add(ex.submit(() -> {
                    seen.add(Thread.currentThread());
                    release.await();
                    return null;
                }));
            }
            // The first four tasks block, each on its own thread; a fifth thread would show up here too.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (seen.size() < 4 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            release.countDown();
            Futures.wait(fs);
            assertTrue(ex.toString().contains("threads=4"), ex.toString());
        }
        assertEquals(4, seen.size());
    }

    @Test
    void sequentialWorkReusesOneIdleThread() {
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        try (ThreadPoolExecutor ex = new ThreadPoolExecutor(4)) {
            for (int i = 0; i < 5; i++) {
                ex.submit(() -> seen.add(Thread.currentThread())).result();
            }
        }
        assertEquals(1, seen.size());
    }

    @Test
    void threadsAreNamedAfterThePrefix() {
        try (ThreadPoolExecutor ex = new ThreadPoolExecutor(2, "downloader", null)) {
            assertEquals("downloader_0", ex.submit(() -> Thread.currentThread().getName()).result());
        }
    }

    @Test
    void defaultThreadNamesFollowPython() {
        try (ThreadPoolExecutor ex = new ThreadPoolExecutor(5)) {
            String name = ex.submit(() -> Thread.currentThread().getName()).result();
            assertTrue(name.matches("ThreadPoolExecutor-\\d+_[0-4]"), name);
        }
    }

    @Test
    void theInitializerRunsOnceInEachWorkerBeforeItsTasks() {
        ThreadLocal<String> initialized = new ThreadLocal<>();
        AtomicInteger runs = new AtomicInteger();
        try (ThreadPoolExecutor ex = ThreadPoolExecutor.builder().maxWorkers(1)
                .initializer((String v) -> {
                    runs.incrementAndGet();
                    initialized.set(v);
                    return null;
                }, "ready").build()) {
            assertEquals("ready", ex.submit(initialized::get).result());
            assertEquals("ready", ex.submit(initialized::get).result());
        }
        assertEquals(1, runs.get());
    }

    @Test
    void aFailingInitializerBreaksThePool() {
        List<LogRecord> logged = FutureTest.captureLog(() -> {
            ThreadPoolExecutor ex = new ThreadPoolExecutor(1, null, () -> {
                throw new IllegalStateException("error in initializer");
            });
            Future<Integer> f = ex.submit(() -> 1);
            Throwable thrown = assertThrows(BrokenThreadPoolException.class, f::result);
            assertTrue(thrown.getMessage().startsWith("A thread initializer failed, the thread pool is not usable anymore"),
                    thrown.getMessage());
            assertEquals("error in initializer", thrown.getCause().getMessage());
            assertThrows(BrokenThreadPoolException.class, () -> ex.submit(() -> 2));
            ex.shutdown();
        });
        assertTrue(logged.stream().anyMatch(r -> r.getMessage().equals("Exception in initializer:")));
    }

    @Test
    void virtualThreadsRunThousandsOfBlockingTasksAtOnce() {
        CountDownLatch allStarted = new CountDownLatch(1000);
        try (ThreadPoolExecutor ex = ThreadPoolExecutor.builder().maxWorkers(1000).virtualThreads().build()) {
            List<Future<Boolean>> fs = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                fs.add(ex.submit(() -> {
                    allStarted.countDown();
                    // Only returns true if all 1000 were blocked here at the same time.
                    return allStarted.await(30, TimeUnit.SECONDS) && Thread.currentThread().isVirtual();
                }));
            }
            for (Future<Boolean> f : fs) {
                assertTrue(f.result());
            }
        }
    }

    @Test
    void theStopButtonCancelsQueuedTasksAndInterruptsRunningOnes() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        try (ThreadPoolExecutor ex = new ThreadPoolExecutor(1)) {
            Future<Object> sleeper = ex.submit(() -> {
                running.countDown();
                Thread.sleep(60_000);
                return "slept";
            });
            Future<Integer> queued = ex.submit(() -> 1);
            running.await();
            assertTrue(Interrupts.interruptAll() >= 2);
            assertInstanceOf(InterruptedException.class, sleeper.exception(30));
            assertThrows(CancellationException.class, queued::result);
            assertEquals(7, ex.submit(() -> 7).result(30), "the pool is still usable");
        }
    }

    @Test
    void shutdownFromInsideATaskDoesNotDeadlock() {
        ThreadPoolExecutor ex = new ThreadPoolExecutor(1);
        Future<String> f = ex.submit(() -> {
            ex.shutdown();
            return "done";
        });
        assertEquals("done", f.result(30));
    }

    @Test
    void workSubmittedWithoutShutdownStillRunsBeforeTheJvmExits() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SubmitThenExitMain.class.getName()).redirectErrorStream(true).start();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child JVM exited");
        String out = new String(child.getInputStream().readAllBytes());
        assertTrue(out.startsWith("main returns"), out);
        for (int i = 0; i < 3; i++) {
            assertTrue(out.contains("task " + i + " done"), out);
        }
    }

    @Test
    void aMapThatTimesOutAtOnceCancelsTheWaitedOnAndEveryLaterTask() throws Exception {
        Set<Integer> ran = ConcurrentHashMap.newKeySet();
        CountDownLatch release = new CountDownLatch(1);
        try (ThreadPoolExecutor ex = new ThreadPoolExecutor(1)) {
            Future<Object> blocker = ex.submit(() -> release.await(30, TimeUnit.SECONDS));
            MapIterator<Integer> results = ex.map(x -> {
                ran.add(x);
                return x;
            }, List.of(1, 2, 3), java.time.Duration.ZERO);
            assertThrows(FutureTimeoutException.class, results::next);
            release.countDown();
            blocker.result(30);
        }
        assertEquals(Set.of(), ran);
    }

    @Test
    void toStringDescribesThePool() {
        try (ThreadPoolExecutor ex = new ThreadPoolExecutor(3, "io", null)) {
            assertEquals("<ThreadPoolExecutor io maxWorkers=3 threads=0 queued=0 running>", ex.toString());
        }
    }
}
