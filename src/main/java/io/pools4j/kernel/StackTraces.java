package io.pools4j.kernel;

import java.util.ArrayList;
import java.util.List;
import jdk.jshell.EvalException;
import jdk.jshell.JShellException;
import jdk.jshell.UnresolvedReferenceException;

/**
 * Turns what JShell reports for a failed snippet into the trace a user reads: the exception
 * class and message, the user's frames (snippet frames named by cell and line), and causes.
 *
 * <p><b>IPython:</b> the traceback formatting of {@code InteractiveShell.showtraceback}, which
 * also hides IPython's own frames.
 */
final class StackTraces {

    /** Frames of these packages are the machinery that ran the snippet, not the user's code. */
    private static final List<String> HIDDEN_PREFIXES = List.of(
            "jdk.jshell.", "io.pools4j.kernel.", "java.lang.reflect.", "jdk.internal.reflect.",
            "java.lang.Thread.run");

    private StackTraces() {}

    static EvaluationException toEvaluationException(JShellException e, ReplEngine.SnippetLines origins) {
        List<String> lines = new ArrayList<>();
        String className = describe(e, origins, lines, "");
        String message = e instanceof EvalException ? e.getMessage() : unresolvedMessage(e);
        return new EvaluationException(className, message, lines);
    }

    private static String describe(Throwable e, ReplEngine.SnippetLines origins, List<String> lines, String prefix) {
        String className = className(e);
        String message = e instanceof UnresolvedReferenceException ? unresolvedMessage(e) : e.getMessage();
        lines.add(prefix + className + (message == null ? "" : ": " + message));
        // The user's frames first, as IPython's traceback starts at the cell: the library frames a
        // cell's call went through (List.get, Future.result) follow, under a line that says so.
        List<StackTraceElement> users = new ArrayList<>();
        List<StackTraceElement> libraries = new ArrayList<>();
        for (StackTraceElement frame : e.getStackTrace()) {
            if (!hidden(frame)) {
                (isSnippet(frame) ? users : libraries).add(frame);
            }
        }
        users.forEach(frame -> lines.add("\tat " + format(frame, origins)));
        if (!users.isEmpty() && !libraries.isEmpty()) {
            lines.add("\t-- in the library code it called:");
        }
        libraries.forEach(frame -> lines.add("\tat " + format(frame, origins)));
        if (e.getCause() != null && e.getCause() != e) {
            describe(e.getCause(), origins, lines, "Caused by: ");
        }
        return className;
    }

    private static String className(Throwable e) {
        if (e instanceof EvalException ee) {
            return ee.getExceptionClassName();
        }
        return e.getClass().getName();
    }

    private static String unresolvedMessage(Throwable e) {
        if (e instanceof UnresolvedReferenceException ure) {
            return "'" + ure.getSnippet().source().strip().lines().findFirst().orElse("")
                    + "' uses something that is not declared yet; declare it, then run this cell again";
        }
        return e.getMessage();
    }

    private static boolean hidden(StackTraceElement frame) {
        String where = frame.getClassName() + "." + frame.getMethodName();
        return HIDDEN_PREFIXES.stream().anyMatch(where::startsWith);
    }

    /** Whether {@code frame} is in code a cell declared: JShell names such frames' file "#id". */
    private static boolean isSnippet(StackTraceElement frame) {
        return frame.getFileName() != null && frame.getFileName().startsWith("#");
    }

    /** Snippet frames carry "#id" as file name and the line within the snippet (JShell's form). */
    static String format(StackTraceElement frame, ReplEngine.SnippetLines origins) {
        if (!isSnippet(frame)) {
            return frame.toString();
        }
        String file = frame.getFileName();
        String klass = frame.getClassName();
        String method = frame.getMethodName().isEmpty() ? "<cell>" : frame.getMethodName();
        String name = klass.isEmpty() ? method : klass + "." + method;
        ReplEngine.SnippetLines.Origin origin = origins.origin(file.substring(1));
        if (origin == null) {
            return name + "(snippet " + file + ", line " + frame.getLineNumber() + ")";
        }
        int line = origin.firstLine() + Math.max(frame.getLineNumber(), 1) - 1;
        return name + "(" + origin.cellLabel() + ", line " + line + ")";
    }
}
