package io.pools4j.kernel;

import java.util.List;

/**
 * A cell that threw: carries the user's exception class, message and a trace made of the
 * user's frames (snippet frames named by cell line, library frames kept, JShell's and the
 * kernel's own frames removed).
 *
 * <p><b>Python:</b> the traceback IPython prints for an uncaught exception.
 * <b>IJava:</b> {@code EvaluationException}.
 */
public final class EvaluationException extends Exception {

    private final String exceptionClassName;
    private final String exceptionMessage;
    private final List<String> traceLines;

    EvaluationException(String exceptionClassName, String message, List<String> traceLines) {
        super(message == null ? exceptionClassName : exceptionClassName + ": " + message);
        this.exceptionClassName = exceptionClassName;
        this.exceptionMessage = message == null ? "" : message;
        this.traceLines = List.copyOf(traceLines);
    }

    /** The class name of the exception the cell threw, e.g. {@code java.lang.ArithmeticException}. */
    public String exceptionClassName() {
        return exceptionClassName;
    }

    /** The message of the exception the cell threw, empty when it had none. */
    public String exceptionMessage() {
        return exceptionMessage;
    }

    /** The formatted trace: first line {@code class: message}, then "at" lines and causes. */
    public List<String> traceLines() {
        return traceLines;
    }
}
