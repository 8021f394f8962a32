package io.pools4j.worker;

import static io.pools4j.worker.Snippets.eval;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pools4j.fn.Fn0;
import java.util.concurrent.TimeUnit;
import jdk.jshell.JShell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real JShell (the JDK's jdk.jshell, local execution as in the pools4j kernel): a static method,
 * a record and a top-level variable defined in snippets run in a worker JVM, and redefining the
 * method or changing the variable is seen by the next task.
 */
@Tag("process")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public class JShellWorkerTest {

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

    /** Called from the snippets: runs {@code task} in the worker and returns its result. */
    public static Object runInWorker(Fn0<?> task) throws Exception {
        Outcome outcome = new Outcome();
        worker.submit(++nextId, task, outcome);
        return outcome.get();
    }


    @Test
    void aMethodARecordAndAVariableDefinedInSnippetsRunInAWorker() {
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            eval(shell, "int base = 40;");
            eval(shell, "static int add(int a, int b) { return a + b; }");
            eval(shell, "record Pair(int a, int b) implements java.io.Serializable { int sum() { return add(a, b); } }");
            String run = "io.pools4j.worker.JShellWorkerTest.runInWorker(() -> new Pair(base, 2).sum() + \" in \" + ProcessHandle.current().pid())";
            assertEquals("\"42 in " + worker.pid() + "\"", eval(shell, run));

            eval(shell, "base = 10;");
            assertEquals("\"12 in " + worker.pid() + "\"", eval(shell, run), "the variable's value at submit time");

            eval(shell, "static int add(int a, int b) { return a * b; }");
            assertEquals("\"20 in " + worker.pid() + "\"", eval(shell, run), "the redefined method, not the stale one");

            assertEquals("\"Pair[a=3, b=4]\"", eval(shell,
                    "io.pools4j.worker.JShellWorkerTest.runInWorker(() -> new Pair(3, 4)).toString()"),
                    "a snippet record comes back as a result");
        }
    }
}
