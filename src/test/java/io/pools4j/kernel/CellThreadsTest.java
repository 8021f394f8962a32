package io.pools4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A cell waits for its own snippet thread, not for the threads it starts (a server, a timer, a
 * pool's workers), and the stop button still reaches both: the kernel's JShell engine
 * ({@link KernelExecutionControl}, {@link SnippetRun}) driven through {@link ReplEngine}.
 *
 * <p>JShell's stock local engine joined every thread of the snippet's group that it saw just
 * after starting the snippet, so a cell whose thread was already running by then never ended.
 * The first test makes that order certain instead of hoping to hit it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CellThreadsTest {

    /** Threads the cells start are named with this prefix, so that each test can end its own. */
    private static final String LASTING = "pools4j-test-lasting-";

    private ReplEngine engine;

    @AfterEach
    void endLastingThreadsAndTheEngine() throws InterruptedException {
        for (Thread t : lastingThreads()) {
            t.interrupt();
            t.join(10_000);
        }
        if (engine != null) {
            engine.close();
        }
    }

    /** A cell that starts a thread which sleeps until interrupted, named {@code LASTING + n}. */
    private static String startLasting(int n) {
        return "new Thread(() -> { try { Thread.sleep(600_000); } catch (InterruptedException e) { } }, \""
                + LASTING + n + "\").start();";
    }

    @Test
    void aCellEndsWhenAThreadItStartedIsRunningBeforeTheEngineWaits() throws Exception {
        // The engine waits for the cell only after the cell's thread is running: the order in
        // which JShell's stock engine joined the thread and never returned.
        engine = new ReplEngine(() -> awaitThread(LASTING + 1));
        cell(startLasting(1));
        assertEquals("3", cell("1 + 2").text());
        assertTrue(findThread(LASTING + 1).isAlive(), "the thread the cell started outlives the cell");
    }

    @Test
    void twoHundredCellsInARowThatEachStartALastingThreadAllEnd() throws Exception {
        engine = new ReplEngine();
        for (int i = 0; i < 200; i++) {
            cell(startLasting(i));
        }
        assertEquals(200, lastingThreads().size(), "every cell's thread is still running");
    }

    @Test
    void theStopButtonStopsTheSnippetAndTheThreadsItStarted() throws Exception {
        engine = new ReplEngine();
        // One block, one snippet: the thread is started and the loop spins on the same snippet thread.
        CompletableFuture<Exception> running = cellInBackground(
                "{ " + startLasting(1) + " while (true) { Thread.onSpinWait(); } }");
        Thread lasting = awaitThread(LASTING + 1);
        engine.stop();
        assertEquals(CellInterruptedException.class, running.get(20, TimeUnit.SECONDS).getClass());
        lasting.join(20_000);
        assertFalse(lasting.isAlive(), "the sleeping thread the cell started was interrupted");
        assertEquals("2", cell("1 + 1").text(), "the next cell runs");
    }

    @Test
    void aStopWhileTheNextSnippetCompilesStopsTheCell() throws Exception {
        // The stop reaches the engine when no snippet runs, after the cell began: as when it comes
        // while JShell compiles the cell's next snippet (JShell's stock engine forgot such a stop,
        // and a loop in that snippet ran forever).
        engine = new ReplEngine();
        engine.beginCell();
        engine.control().stop();
        assertThrows(CellInterruptedException.class,
                () -> engine.eval("while (true) { Thread.onSpinWait(); }", "In [1]"));
        assertEquals("2", cell("1 + 1").text(), "the next cell runs");
    }

    @Test
    void aStopBetweenTwoSnippetsOfACellStopsTheCell() throws Exception {
        engine = new ReplEngine();
        engine.beginCell();
        engine.stop();
        assertThrows(CellInterruptedException.class,
                () -> engine.eval("int x = 1; while (true) { Thread.onSpinWait(); }", "In [1]"));
    }

    @Test
    void aStopBetweenCellsDoesNotStopTheNextCell() throws Exception {
        engine = new ReplEngine();
        cell("int n = 1;");
        engine.stop();
        assertEquals("2", cell("n + 1").text());
    }

    @Test
    void aThreadTheCellStartedThatThrowsIsReportedOnStandardError() throws Exception {
        engine = new ReplEngine();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            cell("var t = new Thread(() -> { throw new IllegalStateException(\"from the thread\"); }, \"thrower\");"
                    + " t.start(); t.join();");
        } finally {
            System.setErr(original);
        }
        String printed = err.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("Exception in thread \"thrower\" java.lang.IllegalStateException: from the thread"),
                printed);
    }

    @Test
    void aSnippetsExceptionStillFailsTheCell() throws Exception {
        engine = new ReplEngine();
        EvaluationException e = assertThrows(EvaluationException.class,
                () -> cell("throw new IllegalArgumentException(\"bad\");"));
        assertTrue(String.join("\n", e.traceLines()).contains("IllegalArgumentException: bad"), e.traceLines().toString());
    }

    /** Runs one cell as the kernel does. */
    private ReplEngine.Value cell(String code) throws Exception {
        engine.beginCell();
        return engine.eval(code, "In [ ]");
    }

    /** Runs one cell on another thread; completes with the exception it ended with, or null. */
    private CompletableFuture<Exception> cellInBackground(String code) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                cell(code);
                return null;
            } catch (Exception e) {
                return e;
            }
        });
    }

    private static List<Thread> lastingThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(LASTING) && t.isAlive())
                .toList();
    }

    private static Thread findThread(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(name))
                .findFirst().orElse(null);
    }

    /** Waits up to 20 s for a live thread of that name; fails the test if none appears. */
    private static Thread awaitThread(String name) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Thread t = findThread(name);
            if (t != null && t.isAlive()) {
                return t;
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        throw new AssertionError("no thread named " + name + " started within 20 s");
    }
}
