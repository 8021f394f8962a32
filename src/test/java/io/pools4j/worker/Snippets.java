package io.pools4j.worker;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;

/** Runs code in a real JShell as a notebook cell does, for the tests of snippet code in workers. */
public final class Snippets {

    private Snippets() {}

    /**
     * Evaluates {@code code} and returns the last snippet's value as JShell shows it (a string
     * in quotes); fails the test, with the snippet's exception and stack trace or the compiler's
     * diagnostics, if a snippet threw or was rejected.
     */
    public static String eval(JShell shell, String code) {
        List<SnippetEvent> events = shell.eval(code);
        for (SnippetEvent e : events) {
            if (e.exception() != null) {
                StringWriter trace = new StringWriter();
                e.exception().printStackTrace(new PrintWriter(trace));
                fail("snippet threw: " + code + "\n" + (e.exception() instanceof EvalException ee
                        ? ee.getExceptionClassName() + ": " : "") + e.exception().getMessage() + "\n" + trace);
            }
            if (e.status() == Snippet.Status.REJECTED) {
                fail("snippet rejected: " + code + "\n" + shell.diagnostics(e.snippet()).map(d -> d.getMessage(null)).toList());
            }
        }
        return events.get(events.size() - 1).value();
    }
}
