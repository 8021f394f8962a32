package io.pools4j.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pools4j.fn.Fn0;
import io.pools4j.fn.Fn1;
import io.pools4j.fn.Fn2;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        group = WorkerGroup.open(WorkerOptions.defaults());
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
    void aCapturingFunctionGetsItsCapturedStateFreshInEveryTask() throws Exception {
        int[] counter = {0};
        Fn1<Integer, Integer> bump = x -> {
            counter[0] += x;
            return counter[0];
        };
        for (int i = 0; i < 3; i++) {
            Outcome o = new Outcome();
            worker.submit(++nextId, Call.of(bump, 1), o);
            assertEquals(1, o.get(), "task " + i + " saw another task's captured array");
        }
    }

    @Test
    void aStatelessFunctionServesManyTasksEachWithItsOwnArguments() throws Exception {
        Fn2<Long, Long, Long> multiply = Math::multiplyExact;
        List<WorkerHandle.Outgoing> batch = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        for (long i = 0; i < 1000; i++) {
            Outcome o = new Outcome();
            outcomes.add(o);
            batch.add(new WorkerHandle.Outgoing(++nextId, Call.of(multiply, i, i + 1), o));
        }
        worker.submitAll(batch);
        for (int i = 0; i < outcomes.size(); i++) {
            assertEquals((long) i * (i + 1), outcomes.get(i).get());
        }
    }

    @Test
    void aChunkAppliesItsFunctionToEachItemInOrder() throws Exception {
        Fn1<Long, Long> square = x -> x * x;
        assertEquals(List.of(1L, 4L, 9L), run(Chunk.of(square, List.of(1L, 2L, 3L))));
    }

    @Test
    void aChunkOfItemsThatAreNotSimpleValuesRunsToo() throws Exception {
        Fn1<List<Integer>, Integer> size = List::size;
        assertEquals(List.of(0, 2), run(Chunk.of(size, List.of(List.of(), List.of(1, 2)))));
    }

    @Test
    void anAnswerIsNotHeldBackByALongTaskThatFollowsIt() throws Exception {
        Path release = Files.createTempDirectory("pools4j-release").resolve("go");
        String releasePath = release.toString();
        Outcome quick = new Outcome();
        Outcome slow = new Outcome();
        worker.submitAll(List.of(
                new WorkerHandle.Outgoing(++nextId, () -> "quick", quick),
                new WorkerHandle.Outgoing(++nextId, () -> {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (!Files.exists(Path.of(releasePath)) && System.nanoTime() < deadline) {
                        Thread.sleep(5); // a file the test creates once it has the quick answer
                    }
                    return "slow";
                }, slow)));
        try {
            assertEquals("quick", quick.future.get(10, TimeUnit.SECONDS),
                    "the quick task's answer waited for the long task behind it");
        } finally {
            Files.createFile(release);
        }
        assertEquals("slow", slow.get());
        SessionDir.delete(release.getParent());
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
