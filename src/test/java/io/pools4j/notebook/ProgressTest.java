package io.pools4j.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A progress bar counts what a loop takes, redrawing in place in a notebook and at each tenth in a terminal. */
class ProgressTest {

    @AfterEach
    void plainAgain() {
        Notebook.install(null);
    }

    /** Records what would be shown, as a notebook that redraws in place would. */
    static final class RecordingFrontend implements Frontend {
        final List<String> shown = new ArrayList<>();

        @Override
        public void show(Object value) {
            shown.add(String.valueOf(value));
        }

        @Override
        public Handle showUpdatable(Object value) {
            shown.add(String.valueOf(value));
            return v -> shown.add(String.valueOf(v));
        }

        @Override
        public boolean updatesInPlace() {
            return true;
        }
    }

    @Test
    void trackGivesEveryItemAndEndsShowingAllDone() {
        RecordingFrontend front = new RecordingFrontend();
        Notebook.install(front);
        List<Integer> seen = new ArrayList<>();
        for (int i : Progress.track(IntStream.range(0, 1000).boxed().toList(), 1000, "squares")) {
            seen.add(i);
        }
        assertEquals(1000, seen.size());
        assertTrue(front.shown.get(0).startsWith("squares [") && front.shown.get(0).contains(" 0/1000 (0%)"), front.shown.get(0));
        assertTrue(front.shown.getLast().contains("1000/1000 (100%)"), front.shown.getLast());
        assertTrue(front.shown.size() < 100, "redrawn at most every 100 ms, not per item: " + front.shown.size());
    }

    @Test
    void inATerminalItPrintsALineAtEachTenth() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Notebook.install(new Notebook.PlainFrontend(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        try (Progress bar = Progress.bar("map", 200)) {
            for (int i = 0; i < 200; i++) {
                bar.advance();
            }
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(11, lines.size(), "the first line and one per tenth: " + lines);
        assertTrue(lines.getLast().contains("200/200 (100%)"), lines.getLast());
    }

    @Test
    void theHtmlIsAProgressElementWithTheCount() {
        Progress bar = Progress.bar("<map>", 4);
        bar.advance(3);
        String html = bar.snapshot().toHtml();
        assertTrue(html.contains("<progress value=\"3\" max=\"4\""), html);
        assertTrue(html.contains("&lt;map&gt; 3/4 (75%)"), html);
    }

    @Test
    void aNegativeTotalIsRefusedWithTheValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> Progress.bar("x", -1));
        assertEquals("total must be >= 0, total=-1", e.getMessage());
    }
}
