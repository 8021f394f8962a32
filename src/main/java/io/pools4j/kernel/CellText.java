package io.pools4j.kernel;

import java.util.List;

/** Line arithmetic on a cell's text, for error reports with a caret. */
final class CellText {

    private CellText() {}

    /** The 1-based line of {@code offset} in {@code text}. */
    static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < Math.min(offset, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /**
     * A compiler-style report: {@code line N: message}, the source line, and a caret under
     * the column of {@code offset}.
     */
    static List<String> caretReport(String text, int offset, String message) {
        int lineStart = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
        if (offset == 0) {
            lineStart = 0;
        }
        int lineEnd = text.indexOf('\n', lineStart);
        String source = text.substring(lineStart, lineEnd < 0 ? text.length() : lineEnd);
        int column = Math.max(0, offset - lineStart);
        StringBuilder caret = new StringBuilder();
        for (int i = 0; i < column && i < source.length(); i++) {
            // Keep tabs so that the caret lines up under tab-indented code.
            caret.append(source.charAt(i) == '\t' ? '\t' : ' ');
        }
        caret.append('^');
        return List.of("line " + lineOf(text, offset) + ": " + message, "    " + source, "    " + caret);
    }
}
