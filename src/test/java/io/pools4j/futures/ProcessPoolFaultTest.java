package io.pools4j.futures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pools4j.Interrupts;
import io.pools4j.multiprocessing.StartMethod;
import io.pools4j.worker.Children;
import io.pools4j.worker.NotSendableException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What goes wrong with worker JVMs, and what the caller sees: a broken pool with the worker's pid
 * and exit code, one failed future for a value that cannot be sent, an interrupted wait, a
 * stopped task; and never a JVM left behind (checked after every test, CPython's reap_children).
 */
@Tag("process")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProcessPoolFaultTest {

    private static final String BROKEN = "A process in the process pool was terminated abruptly while the future was running or pending: ";

    private ProcessPoolExecutor ex;

    /** One worker, started on demand: the fewest JVMs that show the fault. */
    private ProcessPoolExecutor pool() {
        ex = ProcessPoolExecutor.builder().maxWorkers(1).startMethod(StartMethod.SPAWN).build();
        return ex;
    }

    @AfterEach
    void noWorkerJvmLeft() {
        if (ex != null) {
            ex.shutdown();
        }
        Children.assertNoneLeft();
    }

    static long pid() {
        return ProcessHandle.current().pid();
    }

    @Test
    void killMinus9OfAWorkerMidTaskBreaksThePoolWithItsPidAndExitCode() throws Exception {
        ProcessPoolExecutor ex = pool();
        long workerPid = ex.submit(ProcessPoolFaultTest::pid).result(30); // the only worker, which runs the next task too
        FileGate started = new FileGate();
        FileGate never = new FileGate();
        Future<Long> running = ex.submit(() -> {
            started.open();
            never.await();
            return pid();
        });
        Future<Integer> pending = ex.submit(() -> 1);
        started.await();
        new ProcessBuilder("kill", "-9", Long.toString(workerPid)).start().waitFor();

        BrokenProcessPoolException e = assertInstanceOf(BrokenProcessPoolException.class, running.exception(30));
        assertTrue(e.getMessage().startsWith(BROKEN + "worker pid " + workerPid + " exited with code 137 (killed by signal 9)"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("The pool is not usable anymore; create a new executor"), e.getMessage());
        assertEquals(workerPid, e.pid());
        assertEquals(137, e.exitCode());
        assertInstanceOf(BrokenProcessPoolException.class, pending.exception(30), "a pending future fails too");
        BrokenProcessPoolException later = assertThrows(BrokenProcessPoolException.class, () -> ex.submit(() -> 2));
        assertEquals(e.getMessage(), later.getMessage());
        assertTrue(ex.toString().endsWith(" broken>"), ex.toString());
    }

    @Test
    void systemExitInATaskBreaksThePoolNamingExitCode3() {
        ProcessPoolExecutor ex = pool();
        Future<Object> f = ex.submit(() -> {
            System.exit(3);
            return null;
        });
        BrokenProcessPoolException e = assertInstanceOf(BrokenProcessPoolException.class, f.exception(30));
        assertTrue(e.getMessage().startsWith(BROKEN + "worker pid " + e.pid() + " exited with code 3; "), e.getMessage());
        assertEquals(3, e.exitCode());
        assertThrows(BrokenProcessPoolException.class, () -> ex.submit(() -> 1));
    }

    @Test
    void anArgumentThatCannotBeSerializedFailsOnlyItsFuture() throws Exception {
        ProcessPoolExecutor ex = pool();
        try (java.net.Socket socket = new java.net.Socket()) {
            Future<String> f = ex.submit(Object::toString, socket);
            NotSendableException e = assertInstanceOf(NotSendableException.class, f.exception(30));
            assertTrue(e.getMessage().startsWith("argument 1 of type java.net.Socket, which cannot be sent to a worker JVM"),
                    e.getMessage());
        }
        Future<String> g = ex.submit((Object a, Object b) -> a + "" + b, "fine", new Object());
        assertTrue(g.exception(30).getMessage().startsWith("argument 2 of type java.lang.Object, which cannot be sent"),
                g.exception().getMessage());
        assertEquals(42, ex.submit(() -> 42).result(30), "the pool is still usable");
    }

    @Test
    void aResultThatCannotBeSerializedFailsOnlyItsFuture() {
        ProcessPoolExecutor ex = pool();
        Future<Object> f = ex.submit(Object::new);
        NotSendableException e = assertInstanceOf(NotSendableException.class, f.exception(30));
        assertTrue(e.getMessage().startsWith("result of type java.lang.Object, which cannot be sent back from a worker JVM"),
                e.getMessage());
        assertEquals(42, ex.submit(() -> 42).result(30), "the pool is still usable");
    }

    @Test
    void interruptingAThreadBlockedInResultStopsItsWait() throws Exception {
        ProcessPoolExecutor ex = pool();
        FileGate gate = new FileGate();
        Future<String> f = ex.submit(() -> {
            gate.await();
            return "finished anyway";
        });
        CompletableFuture<Throwable> seen = new CompletableFuture<>();
        Thread waiter = Thread.ofPlatform().name("blocked-in-result").start(() -> {
            try {
                f.result();
                seen.complete(null);
            } catch (Throwable t) {
                seen.complete(t);
            }
        });
        while (waiter.getState() != Thread.State.WAITING) {
            Thread.onSpinWait(); // until it is parked in result(): there is no event for "now waiting"
        }
        waiter.interrupt();
        CancellationException e = assertInstanceOf(CancellationException.class, seen.get(30, TimeUnit.SECONDS));
        assertTrue(e.getMessage().startsWith("interrupted while waiting for result() of <Future at"), e.getMessage());
        gate.open();
        assertEquals("finished anyway", f.result(30), "the task itself was not stopped");
    }

    @Test
    void theStopButtonCancelsQueuedTasksKillsTheRunningWorkerAndThePoolGoesOn() throws Exception {
        ProcessPoolExecutor ex = pool();
        long workerPid = ex.submit(ProcessPoolFaultTest::pid).result(30); // the only worker, which runs the next task too
        FileGate started = new FileGate();
        FileGate never = new FileGate();
        Future<Long> running = ex.submit(() -> {
            started.open();
            never.await();
            return pid();
        });
        Future<Integer> queued1 = ex.submit(() -> 1);
        Future<Integer> queued2 = ex.submit(() -> 2);
        started.await();

        assertTrue(Interrupts.interruptAll() >= 3);

        CancellationException e = assertInstanceOf(CancellationException.class, running.exception(30));
        assertEquals("task interrupted by the user: its worker JVM (pid " + workerPid
                + ") was ended; the pool starts a new worker for the next tasks", e.getMessage());
        assertThrows(CancellationException.class, queued2::result, "a queued task is cancelled");
        assertTrue(queued2.cancelled());
        // queued1 may have been handed to the worker ahead (then it was stopped with it) or not (cancelled).
        assertThrows(CancellationException.class, queued1::result);
        assertTrue(Children.endsWithin(ProcessHandle.of(workerPid).orElse(ProcessHandle.current()), 5000)
                || ProcessHandle.of(workerPid).isEmpty());
        long next = ex.submit(ProcessPoolFaultTest::pid).result(30);
        assertNotEquals(workerPid, next, "a new worker replaced the one that was killed");
        assertFalse(ex.toString().contains("broken"), ex.toString());
    }

    @Test
    void aParentKilledWithKillMinus9LeavesNoWorkerAliveOneSecondLater() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        // The gate lives in this JVM's gates directory, which goes when this JVM ends; the killed parent's would stay.
        Process parent = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ProcessPoolParentMain.class.getName(), new FileGate().path()).redirectErrorStream(true).start();
        long workerPid;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream()))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("worker pid "));
            assertTrue(line != null, "the small parent printed its worker's pid");
            workerPid = Long.parseLong(line.substring("worker pid ".length()).strip());
        }
        assertTrue(Children.running(workerPid), "the worker runs its long task");
        // The worker, and the forkserver's standby JVMs (the default start method): all must end.
        List<ProcessHandle> jvms = parent.toHandle().descendants().toList();
        assertTrue(jvms.stream().anyMatch(p -> p.pid() == workerPid), "the worker is among the parent's children");
        new ProcessBuilder("kill", "-9", Long.toString(parent.pid())).start().waitFor();
        parent.waitFor();
        List<Long> left = new ArrayList<>();
        for (ProcessHandle jvm : jvms) {
            if (!Children.endsWithin(jvm, 1000)) {
                left.add(jvm.pid());
                jvm.destroyForcibly();
            }
        }
        assertEquals(List.of(), left, "child JVMs of worker " + workerPid + "'s parent still running 1 s after it was killed");
    }
}
