package io.pools4j.kernel;

import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jdk.jshell.SourceCodeAnalysis;

/**
 * Tab completion, Shift-Tab documentation and "is this cell complete" from JShell's source
 * analysis, on the snippet of the cell that holds the cursor.
 *
 * <p><b>IPython:</b> {@code IPCompleter} and {@code object_inspect}. <b>IJava:</b>
 * {@code CodeEvaluator}'s completion and {@code JavaKernel.inspect}.
 */
final class Completion {

    /** The snippet around a cursor: its text and where it starts in the cell. */
    private record Located(String text, int start) {}

    private final ReplEngine engine;

    Completion(ReplEngine engine) {
        this.engine = engine;
    }

    ReplacementOptions complete(String code, int at) {
        Located snippet = locate(code, at);
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions =
                analysis().completionSuggestions(snippet.text(), at - snippet.start(), anchor);
        Set<String> options = new LinkedHashSet<>();
        // Suggestions that fit the expected type first, as JShell's own Tab does.
        suggestions.stream().filter(SourceCodeAnalysis.Suggestion::matchesType)
                .forEach(s -> options.add(s.continuation()));
        suggestions.forEach(s -> options.add(s.continuation()));
        return new ReplacementOptions(new ArrayList<>(options), snippet.start() + anchor[0], at);
    }

    /** Signatures and javadoc of what is at the cursor, or null when there is nothing. */
    String documentation(String code, int at, boolean extraDetail) {
        Located snippet = locate(code, at);
        List<SourceCodeAnalysis.Documentation> docs =
                analysis().documentation(snippet.text(), at - snippet.start(), true);
        if (docs.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (SourceCodeAnalysis.Documentation doc : docs) {
            text.append(doc.signature()).append('\n');
            if (doc.javadoc() != null && !doc.javadoc().isBlank()) {
                String javadoc = doc.javadoc().strip();
                text.append(extraDetail || javadoc.length() < 2000 ? javadoc : javadoc.substring(0, 2000) + " …")
                        .append("\n\n");
            }
        }
        return text.toString().strip();
    }

    /** Jupyter's is_complete: magics are complete; code is incomplete when a statement is open. */
    String isComplete(String code) {
        if (code.strip().startsWith("%")) {
            return "complete";
        }
        String remaining = code;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis().analyzeCompletion(remaining);
            switch (info.completeness()) {
                case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> {
                    return "    ";
                }
                case UNKNOWN -> {
                    return "invalid";
                }
                case EMPTY -> {
                    return "complete";
                }
                default -> remaining = info.remaining();
            }
        }
        return "complete";
    }

    /** Finds the snippet holding {@code at}; magic lines are blanked so they are not analysed. */
    private Located locate(String code, int at) {
        String masked = maskMagics(code);
        int start = 0;
        String remaining = masked;
        while (start < at) {
            SourceCodeAnalysis.CompletionInfo info = analysis().analyzeCompletion(remaining);
            if (!info.completeness().isComplete() || info.remaining().isEmpty()) {
                break;
            }
            int next = masked.length() - info.remaining().length();
            if (next >= at) {
                break;
            }
            start = next;
            remaining = info.remaining();
        }
        return new Located(masked.substring(start, Math.min(at, masked.length())), start);
    }

    static String maskMagics(String code) {
        StringBuilder out = new StringBuilder(code.length());
        for (String line : code.split("\n", -1)) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            out.append(line.strip().startsWith("%") ? " ".repeat(line.length()) : line);
        }
        return out.toString();
    }

    private SourceCodeAnalysis analysis() {
        return engine.shell().sourceCodeAnalysis();
    }
}
