package io.pools4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pools4j.worker.Children;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A function defined in a cell and submitted many times to a process pool from the kernel's own
 * JShell engine ({@link ReplEngine}), where the pool keeps the packed form of a stateless snippet
 * function between submits (worker.SnippetChanges): once a later cell redefines the function, every
 * task submitted after runs the new code, whichever lambda it comes through.
 */
@Tag("process")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RedefinedFunctionTest {

    /** 200 tasks through one lambda of the cell, so that all but the first reuse its packed form. */
    private static final String SUBMIT_200 =
            "long sum = 0;\nfor (long i = 0; i < 200; i++) { sum += ex.submit(x -> f(x), i).result(30); }\nsum";

    private ReplEngine engine;

    @AfterEach
    void shutDownThePoolAndTheEngine() throws Exception {
        try {
            cell("ex.shutdown();");
        } finally {
            engine.close();
        }
    }

    @AfterAll
    static void noWorkerJvmLeft() {
        Children.assertNoneLeft();
    }

    @Test
    void tasksSubmittedAfterALaterCellRedefinesTheFunctionRunTheNewCode() throws Exception {
        engine = new ReplEngine();
        cell("long f(long x) { return x + 1; }");
        cell("var ex = io.pools4j.futures.ProcessPoolExecutor.builder().maxWorkers(2).startMethod(io.pools4j.multiprocessing.StartMethod.SPAWN).build();");
        cell("io.pools4j.fn.Fn1<Long, Long> viaF = x -> f(x);");
        cell("long runF(long x) throws Exception { return ex.submit(y -> f(y), x).result(30); }");
        assertEquals("20100", cell(SUBMIT_200), "sum of i + 1 for i < 200");
        assertEquals("2", cell("ex.submit(viaF, 1L).result(30)"));
        assertEquals("2", cell("runF(1)"));

        cell("long f(long x) { return x + 100; }");
        assertEquals("39900", cell(SUBMIT_200), "sum of i + 100 for i < 200: the new f");
        assertEquals("101", cell("runF(1)"), "a cell method whose lambda the pool packed before the redefinition");
        assertEquals(cell("viaF.apply(1L)"), cell("ex.submit(viaF, 1L).result(30)"),
                "a function object made before the redefinition computes in a worker what it computes in the notebook");
        assertEquals("39900", cell(SUBMIT_200), "and again, from the kept packed form");

        cell("long f(long x) { return x * 3; }");
        assertEquals("59700", cell(SUBMIT_200), "sum of 3i for i < 200: redefined a second time");
        assertEquals("3", cell("runF(1)"));
    }

    /** Runs a cell; its value as JShell shows it, or null for a cell without one. */
    private String cell(String code) throws Exception {
        engine.beginCell();
        ReplEngine.Value value = engine.eval(code, "In [ ]");
        return value == null ? null : value.text();
    }
}
