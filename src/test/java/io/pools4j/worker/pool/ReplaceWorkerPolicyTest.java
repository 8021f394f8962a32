package io.pools4j.worker.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pools4j.fn.Fn0;
import io.pools4j.futures.FileGate;
import io.pools4j.futures.Future;
import io.pools4j.multiprocessing.StartMethod;
import io.pools4j.worker.Children;
import io.pools4j.worker.WorkerDiedException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The engine under {@link DeathPolicy#REPLACE_WORKER}, multiprocessing.Pool's policy: a worker
 * that dies unasked fails only the tasks it held, with its pid and signal, and another takes its
 * place; the pool goes on, and leaves no JVM behind.
 */
@Tag("process")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReplaceWorkerPolicyTest {

    private static final String NAME = "ReplaceWorkerPolicyTest";

    private PoolEngine pool;

    /** One SPAWN worker: the fewest JVMs that show the policy, each a child of this JVM. */
    private PoolEngine pool() {
        return pool(StartMethod.SPAWN);
    }

    /** One worker, started by {@code method}. */
    private PoolEngine pool(StartMethod method) {
        pool = TestPools.oneWorker(NAME, method, 2, DeathPolicy.REPLACE_WORKER);
        return pool;
    }

    @AfterEach
    void noWorkerJvmLeft() throws Exception {
        if (pool != null) {
            pool.shutdown(PoolEngine.Queued.RUN).get(30, TimeUnit.SECONDS);
        }
        Children.assertNoneLeft();
    }

    static long pid() {
        return ProcessHandle.current().pid();
    }

    private static <R> Future<R> submit(PoolEngine pool, Fn0<R> fn) {
        Future<R> future = new Future<>();
        pool.submit(fn, future);
        return future;
    }

    private static void kill9(long pid) throws Exception {
        new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
    }

    @ParameterizedTest
    @EnumSource(value = StartMethod.class, names = {"SPAWN", "FORKSERVER"})
    void aWorkerKilledMidTaskFailsThatTaskWithItsPidAndSignalAndANewWorkerRunsTheNextTasks(StartMethod method)
            throws Exception {
        PoolEngine pool = pool(method);
        long first = submit(pool, ReplaceWorkerPolicyTest::pid).result(30); // the only worker, which runs the next task too
        FileGate started = new FileGate();
        FileGate never = new FileGate();
        Future<Long> running = submit(pool, () -> {
            started.open();
            never.await();
            return pid();
        });
        started.await();
        kill9(first);

        WorkerDiedException e = assertInstanceOf(WorkerDiedException.class, running.exception(30));
        assertTrue(e.getMessage().contains("(pid " + first + ") terminated abruptly with exit code 137 (killed by SIGKILL)"),
                e.getMessage());
        assertEquals(first, e.pid());
        assertEquals(137, e.exitCode());
        long next = submit(pool, ReplaceWorkerPolicyTest::pid).result(30);
        assertNotEquals(first, next, "a new worker replaced the one that was killed");
        assertEquals(List.of(1, 2, 3), List.of(submit(pool, () -> 1).result(30), submit(pool, () -> 2).result(30),
                submit(pool, () -> 3).result(30)), "later tasks succeed");
        assertFalse(pool.describe().contains("broken"), pool.describe());
    }

    @Test
    void anIdleWorkerThatDiesIsReplacedWithoutWaitingForATask() throws Exception {
        PoolEngine pool = pool();
        long first = submit(pool, ReplaceWorkerPolicyTest::pid).result(30);
        kill9(first);
        // Python's Pool._maintain_pool: the pool keeps its number of workers. No event says "a JVM
        // started", so the process table is watched (as Children does) until a new worker is in it.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Optional<ProcessHandle> replacement;
        do {
            replacement = ProcessHandle.current().descendants()
                    .filter(p -> p.pid() != first && p.isAlive()
                            && p.info().commandLine().orElse("").contains("-Dpools4j.worker=" + NAME))
                    .findFirst();
            Thread.sleep(10);
        } while (replacement.isEmpty() && System.nanoTime() < deadline);
        assertTrue(replacement.isPresent(), "a worker JVM replaced pid " + first + " with no task waiting");
        assertEquals(replacement.get().pid(), submit(pool, ReplaceWorkerPolicyTest::pid).result(30),
                "the replacement runs the next task");
    }
}
