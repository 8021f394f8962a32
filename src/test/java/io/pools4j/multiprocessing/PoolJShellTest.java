package io.pools4j.multiprocessing;

import static io.pools4j.worker.Snippets.eval;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.pools4j.worker.Children;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jshell.JShell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The course source's Pool example in a notebook session in miniature: real JShell (jdk.jshell,
 * local execution as in the pools4j kernel) defines a function and a record in snippets, and a
 * snippet runs them in a {@code Pool}'s worker JVMs inside try-with-resources, in the shape of
 * the Python:
 *
 * <pre>{@code
 * with Pool(4) as p:
 *     print(p.map(task, [2, 3, 4]))
 * }</pre>
 *
 * Python cannot do this under spawn ("Can't get attribute 'task' on &lt;module '__main__'&gt;").
 */
@Tag("process")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PoolJShellTest {

    @AfterAll
    static void noWorkerJvmLeft() {
        Children.assertNoneLeft();
    }


    @Test
    void snippetFunctionsAndRecordsRunInThePoolsWorkerJvmsThroughMapAndApplyAsync() {
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            eval(shell, "static int square(int x) { return x * x; }");
            eval(shell, "record Point(int x, int y) implements java.io.Serializable { int product() { return x * y; } }");
            eval(shell, "java.util.List<Integer> squares = null;");
            eval(shell, "String point = null;");
            eval(shell, "int product = 0;");
            eval(shell, "java.util.List<Long> pids = null;");

            eval(shell, """
                    try (var pool = new io.pools4j.multiprocessing.Pool(2)) {
                        squares = pool.map(x -> square(x), java.util.List.of(1, 2, 3));
                        var result = pool.applyAsync(x -> new Point(x, square(x)), 5);
                        point = result.get().toString();
                        product = pool.apply(p -> p.product(), new Point(6, 7));
                        pids = pool.map(x -> ProcessHandle.current().pid(), java.util.List.of(1, 2, 3, 4), 1);
                    }
                    """);

            assertEquals("[1, 4, 9]", eval(shell, "squares"));
            assertEquals("\"Point[x=5, y=25]\"", eval(shell, "point"), "a snippet record comes back as a result");
            assertEquals("42", eval(shell, "product"), "a snippet record goes to a worker as an argument");
            String shown = eval(shell, "pids");
            List<Long> pids = Arrays.stream(shown.substring(1, shown.length() - 1).split(", ")).map(Long::valueOf).toList();
            assertEquals(4, pids.size(), shown);
            assertFalse(pids.contains(ProcessHandle.current().pid()), "every task ran in another JVM: " + shown);
        }
        Children.assertNoneLeft();
    }
}
