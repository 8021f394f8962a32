package io.pools4j.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;

/** The course's charts draw what they are given, and refuse what they cannot draw. */
class ChartsTest {

    @TempDir
    Path dir;

    @Test
    void aGanttChartHasOneLanePerWorkerAndTwoShadesPerLane() {
        Timeline timeline = new Timeline();
        TimelineTest.FakePool pool = new TimelineTest.FakePool();
        timeline.watch(pool);
        for (int i = 0; i < 6; i++) {
            pool.run(i, "pid " + (100 + i % 3));
        }
        XYChart gantt = timeline.gantt();
        assertEquals(6, gantt.getSeriesMap().size(), "3 workers x 2 shades");
        assertDrawn(gantt);
    }

    @Test
    void anEmptyTimelineStillDrawsAChart() {
        assertDrawn(new Timeline().gantt());
    }

    @Test
    void compareKeepsTheOrderItIsGiven() {
        Map<String, Double> timings = new LinkedHashMap<>();
        timings.put("one after another", 2.79);
        timings.put("2 processes", 0.73);
        CategoryChart chart = Charts.compare("PRIMES", "seconds", timings);
        assertEquals(java.util.List.of("one after another", "2 processes"),
                chart.getSeriesMap().get("seconds").getXData());
        assertDrawn(chart);
    }

    @Test
    void compareRefusesNothingToCompare() {
        var e = assertThrows(IllegalArgumentException.class, () -> Charts.compare("t", "s", Map.of()));
        assertTrue(e.getMessage().contains("values is empty"), e.getMessage());
    }

    @Test
    void speedupDividesTheTimeWithOneWorkerByEachTime() {
        XYChart chart = Charts.speedup("scaling", Map.of(1, 4.0, 2, 2.0, 4, 1.25));
        double[] measured = chart.getSeriesMap().get("measured").getYData();
        assertEquals(1.0, measured[0], 1e-9);
        assertEquals(2.0, measured[1], 1e-9);
        assertEquals(3.2, measured[2], 1e-9);
        assertDrawn(chart);
    }

    @Test
    void speedupWithoutTheTimeForOneWorkerSaysWhatToAdd() {
        var e = assertThrows(IllegalArgumentException.class, () -> Charts.speedup("s", Map.of(2, 1.0)));
        assertTrue(e.getMessage().contains("add an entry for 1"), e.getMessage());
    }

    @Test
    void savePngWritesAnImageFileAndAddsTheExtension() throws Exception {
        Path file = Notebook.savePng(Charts.compare("t", "s", Map.of("a", 1.0)), dir.resolve("sub/chart"));
        assertEquals(dir.resolve("sub/chart.png"), file);
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(Charts.WIDTH, image.getWidth());
        assertTrue(Files.size(file) > 1000);
    }

    /** Renders the chart and checks that the bitmap holds more than the background. */
    static void assertDrawn(Chart<?, ?> chart) {
        BufferedImage image = BitmapEncoder.getBufferedImage(chart);
        assertTrue(image.getWidth() > 100 && image.getHeight() > 100);
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int x = 0; x < image.getWidth(); x += 7) {
            for (int y = 0; y < image.getHeight(); y += 7) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 3, "the chart drew something: " + colours.size() + " colours");
    }
}
