package io.pools4j.kernel;

import java.util.List;

/**
 * A cell that does not compile: the message holds each error with its line in the cell, the
 * source line and a caret under the position.
 *
 * <p><b>Python:</b> {@code SyntaxError} as IPython shows it (line, then {@code ^}).
 * <b>IJava:</b> {@code CompilationException}.
 */
public final class CompilationException extends Exception {

    private final List<String> lines;

    CompilationException(List<String> lines) {
        super(String.join("\n", lines));
        this.lines = List.copyOf(lines);
    }

    /** The report, one line per element (messages, source lines, carets). */
    public List<String> lines() {
        return lines;
    }
}
