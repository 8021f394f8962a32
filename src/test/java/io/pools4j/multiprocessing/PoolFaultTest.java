package io.pools4j.multiprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pools4j.worker.Children;
import io.pools4j.worker.NotSendableException;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What goes wrong in a {@link Pool}'s workers, and what the caller sees, each test on a pool of
 * its own: a worker killed or exiting mid-task fails that task only, naming its pid and how it
 * ended, and the pool goes on (where Python's Pool waits for ever, python_api.md §4 pain point 3);
 * a failing initializer breaks the pool; a value or result that cannot be sent fails its task
 * only. CPython's {@code _TestPool::test_map_unplicklable},
 * {@code _TestPoolWorkerErrors::test_unpickleable_result} (python_api.md §3 items 52, 55) and
 * issue 7 §2's "better than Python". No JVM is left after any of them.
 */
@Tag("process")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PoolFaultTest {

    private Pool pool;

    /** One SPAWN worker: the fewest JVMs that show the fault. */
    private Pool pool() {
        pool = Pool.builder().processes(1).startMethod(StartMethod.SPAWN).build();
        return pool;
    }

    @AfterEach
    void noWorkerJvmLeft() {
        if (pool != null) {
            pool.close();
        }
        Children.assertNoneLeft();
    }

    static long pid() {
        return ProcessHandle.current().pid();
    }

    // ------------------------------------------------------------ a worker that dies mid-task

    @Test
    void aWorkerKilledWithKillMinus9MidTaskFailsThatTaskNamingItsPidAndThePoolGoesOn() throws Exception {
        Pool p = pool();
        long workerPid = p.apply(PoolFaultTest::pid); // the only worker, which runs the next task too
        AsyncResult<Long> running = HeldTask.running(p);
        new ProcessBuilder("kill", "-9", Long.toString(workerPid)).start().waitFor();

        ProcessException e = assertThrows(ProcessException.class, running::get);
        assertTrue(e.getMessage().contains("(pid " + workerPid + ")"), e.getMessage());
        assertTrue(e.getMessage().contains("SIGKILL"), e.getMessage());
        long next = p.apply(PoolFaultTest::pid);
        assertNotEquals(workerPid, next, "a new worker took the killed one's place");
    }

    @Test
    void aWorkerKilledWhileHoldingSeveralTasksFailsOnlyTheRunningOneAndTheRestRunOnItsReplacement() throws Exception {
        Pool p = pool();
        long workerPid = p.apply(PoolFaultTest::pid);
        AsyncResult<Long> running = HeldTask.running(p);
        // The worker holds the running task and at least one sent ahead; the rest wait in the pool.
        java.util.List<AsyncResult<Long>> behind = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            behind.add(p.applyAsync(PoolFaultTest::pid));
        }
        new ProcessBuilder("kill", "-9", Long.toString(workerPid)).start().waitFor();

        ProcessException e = assertThrows(ProcessException.class, running::get);
        assertTrue(e.getMessage().contains("(pid " + workerPid + ")"), e.getMessage());
        for (AsyncResult<Long> r : behind) {
            assertNotEquals(workerPid, r.get(java.time.Duration.ofSeconds(30)),
                    "a task the killed worker had not started ran on its replacement");
        }
    }

    @Test
    void aTaskThatCallsSystemExit3FailsNamingTheExitCodeAndThePoolGoesOn() {
        Pool p = pool();
        AsyncResult<Object> exiting = p.applyAsync(() -> {
            System.exit(3);
            return null;
        });
        ProcessException e = assertThrows(ProcessException.class, exiting::get);
        assertTrue(e.getMessage().contains("exit code 3"), e.getMessage());
        assertEquals(42, p.apply(() -> 42), "the pool goes on");
    }

    // ------------------------------------------------------------ a failing initializer

    @Test
    void aFailingInitializerFailsTheNextTaskWithBrokenPoolExceptionAndRefusesLaterTasks() {
        pool = Pool.builder().processes(1).startMethod(StartMethod.SPAWN)
                .initializer(() -> {
                    throw new IllegalStateException("no database at db.example:5432");
                }).build();
        AsyncResult<Integer> first = pool.applyAsync(() -> 1);
        BrokenPoolException e = assertThrows(BrokenPoolException.class, first::get);
        assertTrue(e.getMessage().contains("no database at db.example:5432"), e.getMessage());
        BrokenPoolException later = assertThrows(BrokenPoolException.class, () -> pool.applyAsync(() -> 2));
        assertEquals(e.getMessage(), later.getMessage());
    }

    // ------------------------------------------------------------ values that cannot be sent

    @Test
    void aTaskCapturingASocketFailsItsResultNamingTheTypeAndThePoolGoesOn() throws Exception {
        Pool p = pool();
        try (Socket socket = new Socket()) {
            AsyncResult<String> r = p.applyAsync(() -> socket.toString());
            NotSendableException e = assertThrows(NotSendableException.class, r::get);
            assertTrue(e.getMessage().contains("java.net.Socket"), e.getMessage());
        }
        assertEquals(42, p.apply(() -> 42), "the pool is still usable");
    }

    @Test
    void mapOfATaskCapturingAThreadFailsNamingTheType() {
        Pool p = pool();
        Thread thread = Thread.currentThread();
        NotSendableException e = assertThrows(NotSendableException.class,
                () -> p.map(x -> thread.getName() + x, java.util.List.of(1, 2, 3)));
        assertTrue(e.getMessage().contains("java.lang.Thread"), e.getMessage());
    }

    @Test
    void aResultThatCannotBeSerializedFailsClearlyAndTheWorkerSurvives() {
        Pool p = pool();
        long workerPid = p.apply(PoolFaultTest::pid);
        NotSendableException object = assertThrows(NotSendableException.class, () -> p.apply(Object::new));
        assertTrue(object.getMessage().startsWith("result of type java.lang.Object, which cannot be sent back from a worker JVM"),
                object.getMessage());
        NotSendableException thread = assertThrows(NotSendableException.class, () -> p.apply(Thread::currentThread));
        assertTrue(thread.getMessage().contains("java.lang.Thread"), thread.getMessage());
        assertEquals(workerPid, p.apply(PoolFaultTest::pid), "the same worker goes on");
    }

    @Test
    void aResultThatCannotBeSerializedFailsItsAsyncResultAndItsErrorCallback() {
        Pool p = pool();
        java.util.List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        AsyncResult<Object> r = p.applyAsync(Object::new, Callbacks.errorCallback(errors::add));
        assertThrows(NotSendableException.class, r::get);
        assertEquals(1, errors.size(), errors.toString());
        assertInstanceOf(NotSendableException.class, errors.get(0));
    }
}
