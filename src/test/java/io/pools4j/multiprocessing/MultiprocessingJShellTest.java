package io.pools4j.multiprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.pools4j.worker.Children;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A notebook in miniature (JShell, local execution as in the pools4j kernel): objects of a record
 * defined in a snippet go to a worker JVM through a Queue and a Pipe held in notebook variables,
 * and come back; the worker fetches the record's class from the notebook as it does for tasks.
 */
@Tag("process")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MultiprocessingJShellTest {

    @AfterAll
    static void noWorkerJvmLeft() {
        Children.assertNoneLeft();
    }

    private static String eval(JShell shell, String code) {
        List<SnippetEvent> events = shell.eval(code);
        for (SnippetEvent e : events) {
            if (e.exception() != null) {
                fail("snippet threw: " + code + "\n" + (e.exception() instanceof jdk.jshell.EvalException ee
                        ? ee.getExceptionClassName() + ": " : "") + e.exception().getMessage());
            }
            if (e.status() == Snippet.Status.REJECTED) {
                fail("snippet rejected: " + code + "\n" + shell.diagnostics(e.snippet()).map(d -> d.getMessage(null)).toList());
            }
        }
        return events.get(events.size() - 1).value();
    }

    @Test
    void objectsOfASnippetRecordTravelThroughAQueueAndAPipeToAWorkerAndBack() {
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            eval(shell, "import io.pools4j.multiprocessing.*;");
            eval(shell, "var ex = new io.pools4j.futures.ProcessPoolExecutor(1);");
            try {
                eval(shell, "record Point(int x, int y) implements java.io.Serializable {}");
                eval(shell, "io.pools4j.multiprocessing.Queue<Point> q = new io.pools4j.multiprocessing.Queue<>();");
                eval(shell, "var pipe = new Pipe();");
                eval(shell, "var child = pipe.conn2();");
                eval(shell, "var f = ex.submit(() -> { Point p = q.get(); child.send(new Point(p.x() + 1, p.y() + 1)); return p.x(); });");
                eval(shell, "q.put(new Point(1, 2));");
                assertEquals("\"Point[x=2, y=3]\"", eval(shell, "pipe.conn1().recv().toString()"));
                assertEquals("1", eval(shell, "f.result(30)"));
            } finally {
                eval(shell, "ex.shutdown()");
            }
        }
    }
}
