package io.pools4j.multiprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pools4j.worker.Children;
import io.pools4j.worker.NotSendableException;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Process: a function run in a child JVM of its own (CPython's _TestProcess and _TestSubclassingProcess). */
@Tag("process")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProcessTest {

    @AfterEach
    void noChildJvmLeft() {
        Children.assertNoneLeft();
    }

    /** Reports what the child sees of itself through the queue: its name, pid and the argument. */
    private static void report(Queue<List<Object>> q, String arg) {
        CurrentProcess me = Multiprocessing.currentProcess();
        q.put(List.of(me.name(), me.pid(), arg, me.daemon()));
    }

    @Test
    void aProcessRunsItsTargetInAChildJvmThatSeesItsNameAndArgumentThenExitsWithZero() {
        Queue<List<Object>> q = new Queue<>();
        Process p = new Process(ProcessTest::report, q, "an argument");
        assertFalse(p.isAlive());
        assertNull(p.exitcode());
        assertNull(p.pid());
        assertTrue(p.name().startsWith("Process-"), p.name());

        p.start();
        assertTrue(Multiprocessing.activeChildren().contains(p), "a running child is active");
        List<Object> seen = q.get(30);
        p.join();

        assertEquals(List.of(p.name(), p.pid(), "an argument", false), seen);
        assertNotEquals(ProcessHandle.current().pid(), p.pid());
        assertEquals(0, p.exitcode());
        assertFalse(p.isAlive());
        assertFalse(Multiprocessing.activeChildren().contains(p), "an ended child is no longer active");
        p.close();
    }

    @Test
    void theTargetTakesOneTwoOrThreeArguments() {
        Queue<String> q = new Queue<>();
        List<Process> ps = List.of(
                new Process((String a) -> q.put(a), "one"),
                new Process((String a, Integer b) -> q.put(a + b), "two", 2),
                new Process((String a, Integer b, Character c) -> q.put(a + b + c), "three", 3, '!'),
                new Process(() -> q.put("none")));
        ps.forEach(Process::start);
        ps.forEach(Process::join);
        List<String> got = new ArrayList<>();
        for (int i = 0; i < ps.size(); i++) {
            got.add(q.get(10));
        }
        assertEquals(List.of("none", "one", "three3!", "two2"), got.stream().sorted().toList());
        ps.forEach(p -> assertEquals(0, p.exitcode(), p.toString()));
    }

    @Test
    void terminateEndsTheChildWithMinusSigtermAndJoinWithZeroOrNegativeTimeoutReturnsAtOnce() {
        Process p = new Process(() -> Thread.sleep(60_000));
        p.start();
        p.join(0);
        p.join(-1);
        assertTrue(p.isAlive(), "join(0) and join(-1) returned without waiting");
        assertNull(p.exitcode());
        p.terminate();
        p.join();
        assertEquals(-15, p.exitcode());
        assertTrue(p.toString().endsWith(" stopped exitcode=-SIGTERM>"), p.toString());
    }

    @Test
    void killEndsTheChildWithMinusSigkill() {
        Process p = new Process(() -> Thread.sleep(60_000));
        p.start();
        p.kill();
        p.join(30.0);
        assertFalse(p.isAlive());
        assertEquals(-9, p.exitcode());
    }

    @Test
    void aTimedJoinReturnsWhileTheChildStillRuns() {
        Process p = new Process(() -> Thread.sleep(60_000));
        p.start();
        p.join(0.05);
        assertTrue(p.isAlive());
        p.kill();
        p.join();
    }

    @Test
    void anInterruptedJoinThrowsCancellationAndLeavesTheChildRunning() throws Exception {
        Process p = new Process(() -> Thread.sleep(60_000));
        p.start();
        java.util.concurrent.CompletableFuture<Throwable> thrown = new java.util.concurrent.CompletableFuture<>();
        Thread joiner = Thread.ofPlatform().start(() -> {
            try {
                p.join();
                thrown.complete(null);
            } catch (Throwable t) {
                thrown.complete(t);
            }
        });
        joiner.interrupt();
        Throwable t = thrown.get(30, TimeUnit.SECONDS);
        assertTrue(t instanceof java.util.concurrent.CancellationException, String.valueOf(t));
        assertTrue(t.getMessage().contains("the process still runs"), t.getMessage());
        assertTrue(p.isAlive());
        p.kill();
        p.join();
    }

    @Test
    void closeFailsWhileTheChildRunsAndAfterwardsEveryMethodSaysTheObjectIsClosed() {
        Process p = new Process(() -> Thread.sleep(60_000));
        p.start();
        IllegalStateException running = assertThrows(IllegalStateException.class, p::close);
        assertTrue(running.getMessage().startsWith("Cannot close a process while it is still running"), running.getMessage());
        p.terminate();
        p.join();
        p.close();
        p.close(); // a second close does nothing
        for (org.junit.jupiter.api.function.Executable call : List.<org.junit.jupiter.api.function.Executable>of(
                p::isAlive, p::pid, p::exitcode, p::join, p::terminate, p::kill, p::start)) {
            assertEquals("process object is closed", assertThrows(IllegalStateException.class, call).getMessage());
        }
        assertTrue(p.toString().endsWith(" closed>"), p.toString());
    }

    @Test
    void startingTwiceFails() {
        Process p = new Process(() -> { });
        p.start();
        assertEquals("cannot start a process twice", assertThrows(IllegalStateException.class, p::start).getMessage());
        p.join();
    }

    @Test
    void joinTerminateAndKillBeforeStartFailSayingToStartFirst() {
        Process p = new Process(() -> { });
        IllegalStateException e = assertThrows(IllegalStateException.class, p::join);
        assertEquals("can only join a started process; call start() first", e.getMessage());
        assertThrows(IllegalStateException.class, p::terminate);
        assertThrows(IllegalStateException.class, p::kill);
    }

    @Test
    void activeChildrenListsTheRunningProcessesOnly() {
        Process a = new Process(() -> Thread.sleep(60_000));
        Process b = new Process(() -> { });
        a.start();
        b.start();
        b.join();
        assertEquals(List.of(a), Multiprocessing.activeChildren());
        a.terminate();
        a.join();
        assertEquals(List.of(), Multiprocessing.activeChildren());
    }

    @Test
    void reprShowsNamePidParentStateAndDaemonAsPythonDoes() {
        Process p = new Process(() -> { }).setName("worker").setDaemon(Process.Daemon.DAEMON);
        long me = ProcessHandle.current().pid();
        assertEquals("<Process name='worker' parent=" + me + " initial daemon>", p.toString());
        p.start();
        p.join();
        assertEquals("<Process name='worker' pid=" + p.pid() + " parent=" + me + " stopped exitcode=0 daemon>", p.toString());
    }

    @Test
    void theChildSeesItsNameAndDaemonFlagAsCurrentProcess() {
        Queue<List<Object>> q = new Queue<>();
        Process p = new Process(ProcessTest::report, q, "x").setName("reporter").setDaemon(Process.Daemon.DAEMON);
        p.start();
        List<Object> seen = q.get(30);
        p.join();
        assertEquals("reporter", seen.get(0));
        assertEquals(true, seen.get(3));
    }

    @Test
    void aSpawnContextStartsAFreshJvm() {
        Process p = new Process(() -> { }).setContext(Multiprocessing.getContext(StartMethod.SPAWN));
        p.start();
        p.join();
        assertEquals(0, p.exitcode());
    }

    @Test
    void twentyProcessesRunAtOnceAndAllEndWithTheirExitCodes() {
        List<Process> ps = IntStream.range(0, 20).mapToObj(i -> new Process((Integer n) -> System.exit(n % 4), i)).toList();
        ps.forEach(Process::start);
        ps.forEach(Process::join);
        assertEquals(IntStream.range(0, 20).map(i -> i % 4).boxed().toList(), ps.stream().map(Process::exitcode).toList());
    }

    @Test
    void systemExitInTheChildBecomesTheExitCode() {
        for (int code : new int[] {0, 1, 8}) {
            Process p = new Process((Integer n) -> System.exit(n), code);
            p.start();
            p.join();
            assertEquals(code, p.exitcode());
        }
    }

    @Test
    void anUncaughtExceptionEndsTheChildWithOneAndItsStackTraceOnTheParentsStderr() {
        Process p = new Process(() -> {
            throw new IllegalStateException("boom in the child");
        });
        try (Captured c = new Captured()) {
            p.start();
            p.join();
            assertEquals(1, p.exitcode());
            String err = c.err();
            assertTrue(err.startsWith("Process " + p.name() + ":\njava.lang.IllegalStateException: boom in the child\n"), err);
            assertTrue(err.contains("io.pools4j.multiprocessing.ProcessTest.lambda$anUncaught"), "the child's frames: " + err);
        }
    }

    @Test
    void whatTheChildPrintsAppearsOnTheParentsStdoutInOrderEvenWhenItExitsRightAfter() {
        Process p = new Process(() -> {
            for (int i = 0; i < 200; i++) {
                System.out.println("line " + i);
            }
            System.out.print("no newline at the end");
            System.exit(3);
        });
        try (Captured c = new Captured()) {
            p.start();
            p.join();
            String expected = IntStream.range(0, 200).mapToObj(i -> "line " + i + "\n").reduce("", String::concat)
                    + "no newline at the end\n";
            assertEquals(expected, c.out());
        }
        assertEquals(3, p.exitcode());
    }

    /** A subclass that overrides run(), as in Python; its field travels with it. */
    static final class Greeter extends Process {
        private static final long serialVersionUID = 1L;
        private final String greeting;

        Greeter(String greeting) {
            this.greeting = greeting;
        }

        @Override
        public void run() {
            System.out.println(greeting + " from " + name());
        }
    }

    @Test
    void aSubclassOverridingRunIsSentToTheChildWithItsFields() {
        Greeter g = new Greeter("hello");
        assertTrue(g.name().startsWith("Greeter-"), g.name());
        try (Captured c = new Captured()) {
            g.start();
            g.join();
            assertEquals("hello from " + g.name() + "\n", c.out());
        }
        assertEquals(0, g.exitcode());
        assertTrue(g.toString().startsWith("<Greeter name='Greeter-"), g.toString());
    }

    /** A subclass that reports what it sees of itself in the child. */
    static final class SelfReporter extends Process {
        private static final long serialVersionUID = 1L;
        private final Queue<List<Object>> q;

        SelfReporter(Queue<List<Object>> q) {
            this.q = q;
        }

        @Override
        public void run() {
            q.put(List.of(pid(), isAlive(), exitcode() == null));
        }
    }

    @Test
    void inTheChildTheProcessObjectDescribesTheChildItself() {
        Queue<List<Object>> q = new Queue<>();
        SelfReporter r = new SelfReporter(q);
        r.start();
        List<Object> seen = q.get(30);
        r.join();
        assertEquals(List.of(r.pid(), true, true), seen);
    }

    /** A subclass holding something that cannot cross to another JVM. */
    static final class Unsendable extends Process {
        private static final long serialVersionUID = 1L;
        private final Thread thread = Thread.currentThread();

        @Override
        public void run() {
            System.out.println(thread);
        }
    }

    @Test
    void aSubclassWithAFieldThatIsNotSerializableFailsAtStartSayingSo() {
        Unsendable u = new Unsendable();
        NotSendableException e = assertThrows(NotSendableException.class, u::start);
        assertTrue(e.getMessage().contains("java.lang.Thread"), e.getMessage());
        assertTrue(e.getMessage().contains("make them Serializable, or mark a field transient"), e.getMessage());
        assertNull(u.pid(), "not started");
    }

    @Test
    void aDaemonicChildCannotStartProcessesOfItsOwn() {
        Queue<String> q = new Queue<>();
        Process p = new Process((Queue<String> out) -> {
            try {
                new Process(() -> { }).start();
                out.put("started");
            } catch (IllegalStateException e) {
                out.put(e.getMessage());
            }
        }, q).setDaemon(Process.Daemon.DAEMON);
        p.start();
        assertEquals("daemonic processes are not allowed to have children", q.get(30));
        p.join();
    }

    @Test
    void setDaemonAfterStartFails() {
        Process p = new Process(() -> { });
        p.start();
        assertThrows(IllegalStateException.class, () -> p.setDaemon(Process.Daemon.DAEMON));
        p.join();
    }

    @Test
    void theSentinelFailsBeforeStartSayingTheProcessIsNotStarted() {
        Process p = new Process(() -> { });
        IllegalStateException e = assertThrows(IllegalStateException.class, p::sentinel);
        assertEquals("process not started; call start() first", e.getMessage());
    }

    @Test
    void theSentinelIsNotReadyWhileTheChildRunsAndCompletesWithItsExitCodeWhenItEnds() throws Exception {
        Event release = new Event();
        Process p = new Process((Event go) -> {
            go.await();
            System.exit(7);
        }, release);
        p.start();
        CompletableFuture<Integer> sentinel = p.sentinel();
        assertFalse(sentinel.isDone(), "the child waits for the event");
        release.set();
        assertEquals(7, sentinel.get(30, TimeUnit.SECONDS));
        assertFalse(p.isAlive());
        assertEquals(7, p.exitcode());
        assertTrue(p.sentinel().isDone(), "a sentinel asked for after the end is ready at once");
    }

    @Test
    void anyOfSeveralSentinelsTellsThatOneOfTheProcessesEnded() throws Exception {
        Process sleeper = new Process(() -> Thread.sleep(60_000));
        Process quick = new Process(() -> System.exit(3));
        sleeper.start();
        quick.start();
        Object first = CompletableFuture.anyOf(sleeper.sentinel(), quick.sentinel()).get(30, TimeUnit.SECONDS);
        assertEquals(3, first);
        assertTrue(sleeper.isAlive());
        sleeper.kill();
        sleeper.join();
    }

    @Test
    void completingASentinelFromOutsideChangesNothingForTheProcess() throws Exception {
        Process p = new Process(() -> Thread.sleep(60_000));
        p.start();
        p.sentinel().complete(99);
        assertFalse(p.sentinel().isDone());
        assertTrue(p.isAlive());
        p.terminate();
        assertEquals(-15, p.sentinel().get(30, TimeUnit.SECONDS));
    }

    /**
     * Whether this JVM was started with SIGINT ignored (a background job of a shell without job
     * control): its children inherit that, and a JVM that starts so keeps ignoring it, as Python does.
     */
    private static boolean sigintIgnored() throws java.io.IOException {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << (2 - 1))) != 0;
            }
        }
        return false;
    }

    @Test
    void interruptSendsSigintAndTheChildJvmEndsWithMinusSigint() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(sigintIgnored(),
                "this JVM ignores SIGINT (started in the background without job control), and so do its children");
        Event started = new Event();
        Process p = new Process((Event up) -> {
            up.set();
            Thread.sleep(60_000);
        }, started);
        p.start();
        assertTrue(started.await(30), "the child started sleeping");
        p.interrupt();
        p.join(30.0);
        assertEquals(-2, p.exitcode());
        assertTrue(p.toString().endsWith(" stopped exitcode=-SIGINT>"), p.toString());
        p.interrupt(); // an ended child is left as it is
    }

    @Test
    void interruptBeforeStartFailsSayingToStartFirst() {
        Process p = new Process(() -> { });
        assertEquals("can only interrupt a started process; call start() first",
                assertThrows(IllegalStateException.class, p::interrupt).getMessage());
    }

    @Test
    void theMainProcessHasAStableKeyOf32BytesThatANewProcessCopies() {
        byte[] key = Multiprocessing.currentProcess().authkey();
        assertEquals(32, key.length);
        assertArrayEquals(key, Multiprocessing.currentProcess().authkey());
        assertArrayEquals(key, new Process(() -> { }).authkey());
        key[0]++;
        assertFalse(Arrays.equals(key, Multiprocessing.currentProcess().authkey()), "authkey() returns a copy");
    }

    /** Reports the child's key, as its current process and as its own Process object see it. */
    static final class KeyReporter extends Process {
        private static final long serialVersionUID = 1L;
        private final Queue<List<byte[]>> q;

        KeyReporter(Queue<List<byte[]>> q) {
            this.q = q;
        }

        @Override
        public void run() {
            q.put(List.of(Multiprocessing.currentProcess().authkey(), authkey()));
        }
    }

    @Test
    void theChildInheritsTheAuthkeyOfItsProcessObject() {
        byte[] mine = Multiprocessing.currentProcess().authkey();
        byte[] set = "a key set on this process only".getBytes(StandardCharsets.UTF_8);
        Queue<List<byte[]>> q = new Queue<>();
        Process inherits = new KeyReporter(q);
        Process given = new KeyReporter(q).setAuthkey(set);
        for (Process p : List.of(inherits, given)) {
            p.start();
            List<byte[]> seen = q.get(30);
            p.join();
            byte[] expected = p == inherits ? mine : set;
            assertArrayEquals(expected, seen.get(0), "currentProcess().authkey() in the child");
            assertArrayEquals(expected, seen.get(1), "the Process object's authkey() in the child");
        }
    }

    @Test
    void aKeySetOnTheCurrentProcessIsInheritedByProcessesCreatedAfterwards() {
        CurrentProcess me = Multiprocessing.currentProcess();
        byte[] before = me.authkey();
        byte[] set = new byte[] {1, 2, 3};
        try {
            me.setAuthkey(set);
            Queue<List<byte[]>> q = new Queue<>();
            Process p = new KeyReporter(q);
            p.start();
            assertArrayEquals(set, q.get(30).get(0));
            p.join();
        } finally {
            me.setAuthkey(before);
        }
    }

    @Test
    void aProcessObjectSentThroughAQueueCarriesNoAuthkey() {
        Queue<Process> q = new Queue<>();
        q.put(new Process(() -> { }).setName("sent"));
        Process copy = q.get(10);
        IllegalStateException e = assertThrows(IllegalStateException.class, copy::authkey);
        assertTrue(e.getMessage().startsWith("this copy of process sent was sent without its authkey"), e.getMessage());
    }

    @Test
    void setAuthkeyAfterStartFails() {
        Process p = new Process(() -> { });
        p.start();
        assertThrows(IllegalStateException.class, () -> p.setAuthkey(new byte[] {1}));
        p.join();
    }

    /** A target the test can watch for collection (CPython's DummyCallable). */
    static final class PutFive implements io.pools4j.fn.Action1<Queue<Integer>> {
        private static final long serialVersionUID = 1L;

        @Override
        public void run(Queue<Integer> q) {
            q.put(5);
        }
    }

    @Test
    void theProcessObjectKeepsNoReferenceToItsTargetOnceStarted() throws Exception {
        Queue<Integer> q = new Queue<>();
        PutFive target = new PutFive();
        WeakReference<PutFive> watched = new WeakReference<>(target);
        Process p = new Process(target, q);
        target = null;
        p.start();
        p.join();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (watched.get() != null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(10); // polling: a collection has no event to wait for
        }
        assertNull(watched.get(), "the target was collected although the Process object is alive: " + p);
        assertEquals(5, q.get(10));
    }

    /** Puts its depth and starts a child one level deeper, until the given depth (CPython's _test_recursion). */
    private static void descend(Queue<Integer> q, Integer depth) throws Exception {
        q.put(depth);
        if (depth < 2) {
            Process child = new Process(ProcessTest::descend, q, depth + 1);
            child.start();
            child.join();
            if (child.exitcode() != 0) {
                throw new IllegalStateException("child at depth " + (depth + 1) + " ended with " + child.exitcode());
            }
        }
    }

    @Test
    void aChildCanStartProcessesOfItsOwnAndEachEndsCleanly() {
        Queue<Integer> q = new Queue<>();
        Process p = new Process(ProcessTest::descend, q, 0);
        p.start();
        p.join();
        assertEquals(0, p.exitcode());
        assertEquals(List.of(0, 1, 2), List.of(q.get(10), q.get(10), q.get(10)));
    }
}
