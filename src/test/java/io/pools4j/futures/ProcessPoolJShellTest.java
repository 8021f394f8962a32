package io.pools4j.futures;

import static io.pools4j.worker.Snippets.eval;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.pools4j.worker.Children;
import java.util.concurrent.TimeUnit;
import jdk.jshell.JShell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A notebook session in miniature: real JShell (jdk.jshell, local execution as in the pools4j
 * kernel) defines a function, a record and a variable in snippets, opens a ProcessPoolExecutor
 * in a snippet and runs them in worker JVMs with submit and map; a redefined function is what
 * the next task runs. Python cannot do this under spawn ("Can't get attribute 'add' on
 * &lt;module '__main__'&gt;").
 */
@Tag("process")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProcessPoolJShellTest {

    @AfterAll
    static void noWorkerJvmLeft() {
        Children.assertNoneLeft();
    }


    @Test
    void snippetCodeRunsInWorkerJvmsThroughSubmitAndMap() {
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            eval(shell, "var ex = new io.pools4j.futures.ProcessPoolExecutor(2);");
            try {
                eval(shell, "int base = 40;");
                eval(shell, "static int add(int a, int b) { return a + b; }");
                eval(shell, "record Pair(int a, int b) implements java.io.Serializable { int sum() { return add(a, b); } }");

                assertEquals("42", eval(shell, "ex.submit(() -> new Pair(base, 2).sum()).result(30)"));
                String workerPid = eval(shell, "ex.submit(() -> ProcessHandle.current().pid()).result(30)");
                assertNotEquals(Long.toString(ProcessHandle.current().pid()), workerPid, "it ran in another JVM");
                assertEquals("[41, 42, 43, 44]", eval(shell, "ex.map(x -> add(x, base), java.util.List.of(1, 2, 3, 4), java.time.Duration.ofSeconds(30), 2).toList()"));
                assertEquals("\"Pair[a=3, b=4]\"", eval(shell, "ex.submit(() -> new Pair(3, 4)).result(30).toString()"),
                        "a snippet record comes back as a result");
                eval(shell, "io.pools4j.fn.Fn1<Integer, Integer> addBase = x -> add(x, base);");
                assertEquals("43", eval(shell, "ex.submit(addBase, 3).result(30)"));

                eval(shell, "base = 10;");
                eval(shell, "static int add(int a, int b) { return a * b; }");
                assertEquals("20", eval(shell, "ex.submit(() -> new Pair(base, 2).sum()).result(30)"),
                        "the redefined function and the variable's new value");
                assertEquals("[10, 20, 30, 40]", eval(shell, "ex.map(x -> add(x, base), java.util.List.of(1, 2, 3, 4), java.time.Duration.ofSeconds(30)).toList()"));
                assertEquals(eval(shell, "addBase.apply(3)"), eval(shell, "ex.submit(addBase, 3).result(30)"),
                        "a function object the workers already hold computes what it computes in the notebook, "
                                + "with the variable's new value");
            } finally {
                eval(shell, "ex.shutdown()");
            }
        }
    }
}
