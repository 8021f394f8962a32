package io.pools4j.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Workers that die, connections that lie, parents that are killed: reported, never hung, nothing left. */
@Tag("process")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorkerFailureTest {

    private WorkerGroup group;

    @BeforeEach
    void open() throws Exception {
        group = WorkerGroup.open(WorkerOptions.defaults());
    }

    @AfterEach
    void close() {
        group.close();
    }

    @AfterAll
    static void noChildLeft() {
        Children.assertNoneLeft();
    }

    /** A task of a minute on {@code worker}, sent once the worker has answered a first one (so it runs). */
    private static Outcome sleepingTask(WorkerHandle worker) throws Exception {
        Outcome started = new Outcome();
        worker.submit(1, () -> {
            System.out.println("started");
            return null;
        }, started);
        started.get();
        Outcome sleeping = new Outcome();
        worker.submit(2, () -> {
            Thread.sleep(60_000);
            return "never";
        }, sleeping);
        return sleeping;
    }

    @Test
    void killMinus9OfAWorkerMidTaskIsReportedWithPidAndExitCode() throws Exception {
        WorkerHandle worker = group.launch();
        Outcome sleeping = sleepingTask(worker);
        Runtime.getRuntime().exec(new String[] {"kill", "-9", Long.toString(worker.pid())}).waitFor();
        WorkerDiedException death = assertInstanceOf(WorkerDiedException.class, sleeping.failure());
        assertEquals(worker.pid(), death.pid());
        assertEquals(137, death.exitCode());
        assertTrue(death.getMessage().contains("(pid " + worker.pid() + ") terminated abruptly with exit code 137 (killed by SIGKILL)"),
                death.getMessage());
        assertFalse(worker.isAlive());
    }

    @Test
    void terminateReturnsAtOnceAndTheTaskItHeldLearnsTheSigtermExitCode() throws Exception {
        WorkerHandle worker = group.launch();
        assertTrue(worker.exitCode().isEmpty(), "no exit code while it runs");
        Outcome sleeping = sleepingTask(worker);
        worker.terminate(); // returns at once: the death is reported to the task, then onExit() completes
        WorkerDiedException death = assertInstanceOf(WorkerDiedException.class, sleeping.failure());
        assertEquals(143, death.exitCode());
        assertTrue(death.getMessage().contains("with exit code 143 (terminated by SIGTERM)"), death.getMessage());
        worker.onExit().get(30, TimeUnit.SECONDS);
        assertEquals(143, worker.exitCode().getAsInt());
    }

    @Test
    void systemExitInATaskIsReportedWithTheExitCode() throws Exception {
        WorkerHandle worker = group.launch();
        Outcome outcome = new Outcome();
        worker.submit(1, () -> {
            System.exit(3);
            return null;
        }, outcome);
        WorkerDiedException death = assertInstanceOf(WorkerDiedException.class, outcome.failure());
        assertEquals(3, death.exitCode());
        assertTrue(death.getMessage().contains("with exit code 3"), death.getMessage());
    }

    @Test
    void outOfMemoryInATaskEndsTheWorkerAndItsStderrIsInTheReport() throws Exception {
        group.close();
        List<String> flags = new java.util.ArrayList<>(WorkerOptions.DEFAULT_FLAGS);
        flags.add("-Xmx64m"); // a small heap fills in milliseconds, not in seconds
        group = WorkerGroup.open(WorkerOptions.defaults().withJvmFlags(flags));
        WorkerHandle worker = group.launch();
        Outcome outcome = new Outcome();
        worker.submit(1, () -> {
            java.util.List<long[]> hog = new java.util.ArrayList<>();
            while (true) {
                hog.add(new long[1 << 24]);
            }
        }, outcome);
        WorkerDiedException death = assertInstanceOf(WorkerDiedException.class, outcome.failure());
        assertTrue(death.getMessage().contains("OutOfMemoryError"), death.getMessage());
    }

    @Test
    void aTaskSubmittedToADeadWorkerIsRefusedWithAClearMessage() throws Exception {
        WorkerHandle worker = group.launch();
        worker.kill();
        worker.onExit().join(); // kill() returns at once; the death is known once onExit() completes
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> worker.submit(1, () -> 1, new Outcome()));
        assertTrue(e.getMessage().contains("is dead; submit to another worker"), e.getMessage());
    }

    @Test
    void aConnectionWithoutTheKeyIsClosedAndTheGroupGoesOn() throws Exception {
        try (SocketChannel intruder = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            intruder.connect(UnixDomainSocketAddress.of(group.socketPath()));
            ByteBuffer challenge = ByteBuffer.allocate(Auth.CHALLENGE_BYTES);
            while (challenge.hasRemaining()) {
                intruder.read(challenge);
            }
            intruder.write(ByteBuffer.allocate(Auth.MAC_BYTES + Long.BYTES + Auth.CHALLENGE_BYTES));
            assertEquals(-1, intruder.read(ByteBuffer.allocate(1)), "the parent closes the connection");
        }
        WorkerHandle worker = group.launch();
        Outcome outcome = new Outcome();
        worker.submit(1, () -> "still works", outcome);
        assertEquals("still works", outcome.get());
    }

    @Test
    void shutdownEndsTheWorkerAfterItsTasks() throws Exception {
        WorkerHandle worker = group.launch();
        Outcome outcome = new Outcome();
        worker.submit(1, () -> "done first", outcome);
        worker.shutdown(java.time.Duration.ofSeconds(5));
        assertEquals("done first", outcome.get());
        assertFalse(worker.isAlive());
        assertEquals(0, worker.process().exitValue());
    }

    @Test
    void aParentKilledWithKillMinus9LeavesNoWorkerAliveOneSecondLater() throws Exception {
        String java = WorkerOptions.parentJava().toString();
        String cp = System.getProperty("java.class.path");
        Process parent = new ProcessBuilder(java, "-cp", cp, OrphanParentMain.class.getName())
                .redirectErrorStream(true).start();
        long workerPid;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream()))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("worker pid "));
            assertTrue(line != null, "the small parent printed its worker's pid");
            workerPid = Long.parseLong(line.substring("worker pid ".length()).strip());
        }
        ProcessHandle worker = ProcessHandle.of(workerPid).orElseThrow();
        assertTrue(worker.isAlive());
        parent.destroyForcibly(); // SIGKILL: no shutdown hook runs in the parent
        parent.waitFor();
        boolean exited = Children.endsWithin(worker, 1000);
        if (!exited) {
            worker.destroyForcibly();
        }
        assertTrue(exited, "worker " + workerPid + " still alive 1 s after its parent was killed");
    }

    /** A small parent JVM: opens a group, launches a worker, prints its pid, waits to be killed. */
    public static final class OrphanParentMain {
        public static void main(String[] args) throws Exception {
            WorkerGroup group = WorkerGroup.open(WorkerOptions.defaults());
            WorkerHandle worker = group.launch();
            System.out.println("worker pid " + worker.pid());
            System.out.flush();
            new CountDownLatch(1).await();
        }
    }

}
