package io.pools4j.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a cell into Java code and magics: a first line {@code %%name args} makes the whole
 * cell a cell magic; otherwise each line starting with {@code %name} is a line magic and the
 * lines between magics are Java code.
 *
 * <p><b>IPython:</b> {@code IPython.core.inputtransformer2} (which rewrites magics into
 * {@code get_ipython().run_line_magic(...)} calls). <b>IJava:</b> {@code MagicsSourceTransformer}.
 *
 * <p>Code parts keep their place in the cell: the lines before them are blank, so that
 * compile errors and stack traces give line numbers of the cell.
 */
final class CellParser {

    /** A part of a cell, in order. */
    sealed interface Part permits Code, LineMagic {}

    /** Java source, padded with blank lines to its position in the cell. */
    record Code(String source) implements Part {}

    /** {@code %name args} on one line. */
    record LineMagic(String name, String args) implements Part {}

    /** {@code %%name args} on the first line, then the body. */
    record CellMagic(String name, String args, String body) {}

    /** A parsed cell: either a cell magic or a sequence of parts. */
    record Cell(CellMagic cellMagic, List<Part> parts) {}

    private CellParser() {}

    static Cell parse(String cell) {
        String stripped = cell.stripLeading();
        if (stripped.startsWith("%%")) {
            int newline = stripped.indexOf('\n');
            String header = (newline < 0 ? stripped : stripped.substring(0, newline)).substring(2).strip();
            String body = newline < 0 ? "" : stripped.substring(newline + 1);
            // Keep the body's lines where they are in the cell (header is line 1).
            int headerLine = CellText.lineOf(cell, cell.length() - stripped.length());
            return new Cell(new CellMagic(nameOf(header), argsOf(header), "\n".repeat(headerLine) + body), List.of());
        }
        List<Part> parts = new ArrayList<>();
        String[] lines = cell.split("\n", -1);
        int codeStart = 0;
        for (int line = 0; line < lines.length; line++) {
            String trimmed = lines[line].strip();
            if (trimmed.startsWith("%") && !trimmed.startsWith("%%")) {
                addCode(parts, lines, codeStart, line);
                String header = trimmed.substring(1).strip();
                parts.add(new LineMagic(nameOf(header), argsOf(header)));
                codeStart = line + 1;
            }
        }
        addCode(parts, lines, codeStart, lines.length);
        return new Cell(null, parts);
    }

    /** Adds lines [from, to) as code, after {@code from} blank lines, unless they are blank. */
    private static void addCode(List<Part> parts, String[] lines, int from, int to) {
        String code = String.join("\n", Arrays.asList(lines).subList(from, to));
        if (!code.isBlank()) {
            parts.add(new Code("\n".repeat(from) + code));
        }
    }

    private static String nameOf(String header) {
        int space = indexOfWhitespace(header);
        return space < 0 ? header : header.substring(0, space);
    }

    private static String argsOf(String header) {
        int space = indexOfWhitespace(header);
        return space < 0 ? "" : header.substring(space).strip();
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
