package io.pools4j.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pools4j.fn.Fn0;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The worker runtime on one shared worker: tasks, values, output, exceptions, serialization failures. */
@Tag("process")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorkerRuntimeTest {

    private static WorkerGroup group;
    private static WorkerHandle worker;
    private static long nextId;

    @BeforeAll
    static void start() throws Exception {
        group = WorkerGroup.open(WorkerOptions.defaults().withPrefetch(64));
        worker = group.launch();
    }

    @AfterAll
    static void stop() {
        group.close();
        Children.assertNoneLeft();
    }

    private static Object run(Fn0<?> task) throws Exception {
        return submit(task).get();
    }

    private static Outcome submit(Fn0<?> task) {
        Outcome outcome = new Outcome();
        worker.submit(++nextId, task, outcome);
        return outcome;
    }

    @Test
    void aLambdaRunsInAChildJvmAndReturnsItsValue() throws Exception {
        assertEquals(42, run(() -> 6 * 7));
    }

    @Test
    void theTaskRunsInAProcessOtherThanTheParent() throws Exception {
        long childPid = (Long) run(() -> ProcessHandle.current().pid());
        assertNotEquals(ProcessHandle.current().pid(), childPid);
        assertEquals(worker.pid(), childPid);
    }

    @Test
    void aCapturedValueArrives() throws Exception {
        String greeting = "hello from the parent";
        List<Integer> numbers = List.of(1, 2, 3);
        assertEquals(greeting.length() + 6, run(() -> greeting.length() + numbers.stream().mapToInt(i -> i).sum()));
    }

    @Test
    void printedLinesArriveInOrderOnTheParentsStdoutAndStderr() throws Exception {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(both);
        System.setErr(both);
        try {
            run(() -> {
                for (int i = 0; i < 50; i++) {
                    (i % 10 == 9 ? System.err : System.out).println("line " + i);
                }
                System.out.print("no newline at the end");
                return null;
            });
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            expected.add("line " + i);
        }
        expected.add("no newline at the end");
        assertEquals(expected, captured.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void aTaskExceptionComesBackWithItsTypeAndTheChildStackTraceAsCause() throws Exception {
        Throwable error = submit(() -> {
            throw new IllegalArgumentException("bad input 7");
        }).failure();
        assertInstanceOf(IllegalArgumentException.class, error);
        assertEquals("bad input 7", error.getMessage());
        RemoteTraceback remote = assertInstanceOf(RemoteTraceback.class, error.getCause());
        assertEquals(worker.pid(), remote.pid());
        assertTrue(remote.getMessage().contains("java.lang.IllegalArgumentException: bad input 7"), remote.getMessage());
        assertTrue(remote.getMessage().contains("at io.pools4j.worker.TaskRunner.run"), remote.getMessage());
    }

    @Test
    void anUnserializableCapturedValueFailsTheTaskNamingItsClass() throws Exception {
        Socket socket = new Socket();
        Throwable error = submit(() -> socket.isClosed()).failure();
        NotSendableException e = assertInstanceOf(NotSendableException.class, error);
        assertEquals("java.net.Socket", e.valueType());
        assertTrue(e.getMessage().startsWith("captured value 1 of type java.net.Socket, which cannot be sent to a worker JVM"),
                e.getMessage());
    }

    @Test
    void anUnserializableArgumentOfACallIsNamedByPosition() throws Exception {
        io.pools4j.fn.Fn2<String, Socket, String> fn = (s, sock) -> s;
        Throwable error = submit(Call.of(fn, "ok", new Socket())).failure();
        assertTrue(error.getMessage().startsWith("argument 2 of type java.net.Socket, which cannot be sent to a worker JVM"),
                error.getMessage());
    }

    @Test
    void anUnserializableResultFailsTheTaskNamingItsClass() throws Exception {
        Throwable error = submit(() -> new Socket()).failure();
        NotSendableException e = assertInstanceOf(NotSendableException.class, error);
        assertTrue(e.getMessage().startsWith("result of type java.net.Socket, which cannot be sent back from a worker JVM"),
                e.getMessage());
        assertEquals(42, run(() -> 42), "the worker goes on");
    }

    @Test
    void manyTasksInFlightOnOneWorkerAllComeBack() throws Exception {
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            int n = i;
            outcomes.add(submit(() -> n * n));
        }
        assertTrue(worker.inFlight() > 1, "tasks overlap in flight: " + worker.inFlight());
        for (int i = 0; i < 64; i++) {
            assertEquals(i * i, outcomes.get(i).get());
        }
        assertEquals(0, worker.inFlight());
    }
}
