package io.pools4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/** What the renderers make of images, charts, tables and objects with toHtml(). */
class RenderersTest {

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    public static final class WithHtml {
        public String toHtml() {
            return "<b>html</b>";
        }
    }

    private static Renderers defaults() {
        Renderers renderers = new Renderers();
        DefaultRenderers.registerAll(renderers);
        return renderers;
    }

    private static void assertPng(String base64) {
        byte[] bytes = Base64.getDecoder().decode(base64);
        for (int i = 0; i < PNG_MAGIC.length; i++) {
            assertEquals(PNG_MAGIC[i], bytes[i], "PNG signature byte " + i);
        }
    }

    @Test
    void anImageBecomesAPng() {
        Map<String, String> bundle = defaults().render(new BufferedImage(4, 3, BufferedImage.TYPE_INT_ARGB), "img");
        assertPng(bundle.get("image/png"));
        assertEquals("BufferedImage 4x3", bundle.get("text/plain"));
    }

    @Test
    void anXChartChartBecomesAPng() {
        XYChart chart = new XYChartBuilder().width(120).height(80).title("t").build();
        chart.addSeries("s", new double[] {1, 2}, new double[] {3, 4});
        assertPng(defaults().render(chart, "chart").get("image/png"));
    }

    @Test
    void aTableBecomesEscapedHtmlAndText() {
        Table table = Table.create("t").addColumns(IntColumn.create("a<b", 1, 2));
        Map<String, String> bundle = defaults().render(table, "table");
        assertTrue(bundle.get("text/html").contains("<th>a&lt;b</th>"), bundle.get("text/html"));
        assertTrue(bundle.get("text/html").contains("2 rows × 1 columns"), bundle.get("text/html"));
        assertTrue(bundle.get("text/plain").contains("a<b"), bundle.get("text/plain"));
    }

    @Test
    void aLongTableShowsHeadAndTailOnly() {
        int[] values = new int[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        String html = TableHtml.render(Table.create("t").addColumns(IntColumn.create("n", values)), 10);
        assertTrue(html.contains("<td>4</td>") && html.contains("<td>995</td>"), html);
        assertFalse(html.contains("<td>500</td>"), html);
        assertTrue(html.contains("990 more rows"), html);
    }

    @Test
    void anObjectWithToHtmlGetsHtmlAndKeepsItsPlainText() {
        Map<String, String> bundle = new Renderers().render(new WithHtml(), "plain");
        assertEquals(Map.of("text/html", "<b>html</b>", "text/plain", "plain"), bundle);
    }

    @Test
    void anObjectWithoutRendererIsPlainTextOnly() {
        assertEquals(Map.of("text/plain", "[1]"), defaults().render(List.of(1), "[1]"));
    }

    @Test
    void theNewestRegistrationForAClassWins() {
        Renderers renderers = defaults();
        renderers.register(CharSequence.class, s -> Map.of("text/html", "<i>old</i>"));
        renderers.register(String.class, s -> Map.of("text/html", "<i>" + s + "</i>"));
        assertEquals("<i>x</i>", renderers.render("x", "x").get("text/html"));
        assertEquals("<i>old</i>", renderers.render(new StringBuilder("y"), "y").get("text/html"));
    }

    @Test
    void caretReportPointsAtTheColumn() {
        assertEquals(List.of("line 2: bad", "    int y = x;", "            ^"),
                CellText.caretReport("int a;\nint y = x;", 15, "bad"));
    }
}
