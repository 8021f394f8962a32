package io.pools4j.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jshell.Diag;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.VarSnippet;

/**
 * The JShell behind the kernel: evaluates a cell snippet by snippet in the kernel's own JVM and
 * returns the last expression's value as an object.
 *
 * <p><b>IPython:</b> {@code InteractiveShell.run_cell}. <b>IJava:</b> {@code CodeEvaluator}.
 *
 * <p>Not thread-safe: the kernel calls it from its shell thread only, except {@link #stop()},
 * which the control thread calls while a cell runs.
 */
public final class ReplEngine implements AutoCloseable {

    /** The last value of a cell: the object and JShell's text for it. */
    public record Value(Object object, String text) {}

    private final JShell shell;
    private final KernelExecutionControl control;
    private final SnippetLines snippetLines = new SnippetLines();
    /** Set by {@link #stop()} so that a cell stopped while sleeping is reported as interrupted. */
    private volatile boolean stopRequested;

    /** Starts JShell with local execution and the kernel JVM's class path visible to snippets. */
    public ReplEngine() {
        this(() -> { });
    }

    /** @param afterSnippetStart run after each snippet thread starts, before the cell waits (tests) */
    ReplEngine(Runnable afterSnippetStart) {
        KernelExecutionControl.Provider provider = new KernelExecutionControl.Provider(afterSnippetStart);
        this.shell = JShell.builder()
                .executionEngine(provider, Map.of())
                .build();
        this.control = provider.control();
        // The compiler needs the kernel's class path to resolve io.pools4j and chart types;
        // at run time the same classes come from the kernel's loader (parent first).
        shell.addToClasspath(System.getProperty("java.class.path"));
    }

    JShell shell() {
        return shell;
    }

    KernelExecutionControl control() {
        return control;
    }

    SnippetLines snippetLines() {
        return snippetLines;
    }

    /**
     * A new cell begins: a stop that came before it (the stop button pressed while idle) does not
     * stop it. A stop that comes after it stops the cell wherever it is, between two of its
     * snippets or parts too. Called once per cell, before its first {@link #eval}.
     */
    public void beginCell() {
        stopRequested = false;
        control.beginCell();
    }

    /**
     * Evaluates {@code code}, snippet by snippet, stopping at the first error.
     *
     * @param code      the cell's Java source (magics already removed)
     * @param cellLabel how the cell is named in stack traces, e.g. {@code In [3]}
     * @return the value of the last snippet if it is an expression, else null
     */
    public Value eval(String code, String cellLabel)
            throws CompilationException, EvaluationException, CellInterruptedException {
        control.takeStopped();
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        Value last = null;
        int offset = 0;
        while (offset < code.length() && !code.substring(offset).isBlank()) {
            if (stopRequested) {
                throw new CellInterruptedException(); // stopped between two snippets
            }
            String remaining = code.substring(offset);
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                break;
            }
            String source = info.completeness().isComplete() ? info.source() : remaining;
            last = evalSnippet(source, code, offset, cellLabel);
            offset = info.completeness().isComplete() ? code.length() - info.remaining().length() : code.length();
        }
        return last;
    }

    /**
     * Evaluates one snippet that starts at {@code start} in {@code cell}. Diagnostic positions
     * count from the snippet's first character (leading blank lines included); stack-trace
     * lines count from its first non-blank line.
     */
    private Value evalSnippet(String source, String cell, int start, String cellLabel)
            throws CompilationException, EvaluationException, CellInterruptedException {
        List<SnippetEvent> events = shell.eval(source);
        if (events.isEmpty()) {
            // JShell makes no snippet of source it cannot complete, e.g. an unclosed block.
            throw new CompilationException(CellText.caretReport(cell, cell.stripTrailing().length(),
                    "the cell ends in the middle of a statement or declaration; complete it"));
        }
        int firstLine = CellText.lineOf(cell, start + leadingWhitespace(source));
        Value value = null;
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) {
                continue; // a dependent snippet updated by this one, not the snippet itself
            }
            Snippet snippet = event.snippet();
            snippetLines.record(snippet.id(), cellLabel, firstLine);
            if (event.status() == Snippet.Status.REJECTED) {
                throw compilationError(snippet, cell, start);
            }
            if (control.takeStopped() || (stopRequested && isInterruption(event.exception()))) {
                throw new CellInterruptedException();
            }
            if (event.exception() != null) {
                throw StackTraces.toEvaluationException(event.exception(), snippetLines);
            }
            reportUnresolved(event);
            value = valueOf(event);
        }
        return value;
    }

    private CompilationException compilationError(Snippet snippet, String cell, int start) {
        List<String> lines = new ArrayList<>();
        List<Diag> diags = shell.diagnostics(snippet).filter(Diag::isError).toList();
        for (Diag diag : diags) {
            int at = start + (int) Math.max(0, diag.getPosition());
            lines.addAll(CellText.caretReport(cell, Math.min(at, cell.length()), diag.getMessage(null)));
        }
        if (lines.isEmpty()) {
            lines.addAll(CellText.caretReport(cell, start + leadingWhitespace(cell.substring(start)),
                    "the cell ends in the middle of a statement or declaration; complete it"));
        }
        return new CompilationException(lines);
    }

    /** A declaration that compiles but names something undefined is kept, like jshell does. */
    private void reportUnresolved(SnippetEvent event) {
        if (event.status() == Snippet.Status.RECOVERABLE_DEFINED
                || event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
            List<String> missing = shell.unresolvedDependencies(
                    (jdk.jshell.DeclarationSnippet) event.snippet()).toList();
            System.err.println("note: '" + firstLine(event.snippet().source())
                    + "' cannot be used until " + String.join(", ", missing) + " is declared");
        }
    }

    private Value valueOf(SnippetEvent event) {
        Snippet snippet = event.snippet();
        if (snippet instanceof VarSnippet var
                && snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
            return readVariable(var);
        }
        if (snippet instanceof ExpressionSnippet expr
                && snippet.subKind() == Snippet.SubKind.VAR_VALUE_SUBKIND) {
            return shell.variables()
                    .filter(v -> v.name().equals(expr.name()))
                    .filter(v -> shell.status(v).isActive())
                    .reduce((a, b) -> b)
                    .map(this::readVariable)
                    .orElse(null);
        }
        return null;
    }

    private Value readVariable(VarSnippet var) {
        String text = shell.varValue(var);
        return new Value(control.takeLastValue(), text);
    }

    /** Adds a jar or directory to the compiler's and the snippets' class path. */
    public void addToClasspath(String path) {
        shell.addToClasspath(path);
    }

    /** Stops the running snippet (busy loops and sleeps alike); called from the control thread. */
    public void stop() {
        stopRequested = true;
        shell.stop();
    }

    @Override
    public void close() {
        shell.close();
    }

    private static boolean isInterruption(JShellException e) {
        return e instanceof jdk.jshell.EvalException ee
                && ee.getExceptionClassName().equals(InterruptedException.class.getName());
    }

    private static int leadingWhitespace(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static String firstLine(String s) {
        String line = s.strip().lines().findFirst().orElse("");
        return line.length() > 60 ? line.substring(0, 57) + "..." : line;
    }

    /** Where each snippet came from: cell label and first line, for stack traces. */
    static final class SnippetLines {
        record Origin(String cellLabel, int firstLine) {}

        private final Map<String, Origin> origins = new ConcurrentHashMap<>();

        void record(String snippetId, String cellLabel, int firstLine) {
            origins.put(snippetId, new Origin(cellLabel, firstLine));
        }

        Origin origin(String snippetId) {
            return origins.get(snippetId);
        }
    }
}
