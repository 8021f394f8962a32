package io.pools4j.notebook;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

/**
 * Shows charts, tables and progress wherever the code runs: inline in the pools4j kernel, as PNG
 * files and text in plain {@code jshell} or a program.
 *
 * <p><b>Python:</b> {@code IPython.display.display(obj)} in a notebook; matplotlib's
 * {@code plt.savefig(path)} outside one.
 *
 * <p>Thread-safe. The frontend is one per JVM; a kernel installs its own when it starts.
 */
public final class Notebook {

    /** The directory plain jshell's charts are saved in; {@code pools4j.charts.dir} overrides it. */
    static final String CHARTS_DIR_PROPERTY = "pools4j.charts.dir";

    private static volatile Frontend frontend = new PlainFrontend(System.out);

    private Notebook() {}

    /**
     * Shows {@code value}: a chart as an image, a Tablesaw table as a table, anything else as
     * its text. In plain jshell a chart is saved as a PNG and its path printed.
     */
    public static void show(Object value) {
        frontend.show(value);
    }

    /** The frontend in use. */
    public static Frontend frontend() {
        return frontend;
    }

    /**
     * Makes {@code replacement} the frontend of this JVM: a kernel calls it once at start.
     * Passing null goes back to the plain one (text and PNG files on standard output).
     */
    public static void install(Frontend replacement) {
        frontend = replacement == null ? new PlainFrontend(System.out) : replacement;
    }

    /**
     * Saves {@code chart} as a PNG at {@code file} (".png" is added when missing) and returns
     * the file's path.
     *
     * <p><b>Python:</b> {@code matplotlib.pyplot.savefig(path)}.
     */
    public static Path savePng(Chart<?, ?> chart, Path file) {
        Objects.requireNonNull(chart, "chart");
        String name = file.toString();
        Path png = name.endsWith(".png") ? file : Path.of(name + ".png");
        try {
            if (png.toAbsolutePath().getParent() != null) {
                Files.createDirectories(png.toAbsolutePath().getParent());
            }
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the chart as " + png.toAbsolutePath()
                    + " (" + e.getMessage() + "); choose a writable directory", e);
        }
        return png;
    }

    /** Outside a notebook: text on a stream, charts saved as numbered PNG files. */
    static final class PlainFrontend implements Frontend {
        private static final AtomicInteger CHARTS = new AtomicInteger();
        private final PrintStream out;

        PlainFrontend(PrintStream out) {
            this.out = out;
        }

        @Override
        public void show(Object value) {
            switch (value) {
                case Chart<?, ?> chart -> out.println("chart saved: " + savePng(chart, nextChartFile(chart)).toAbsolutePath());
                case Table table -> out.println(table.printAll());
                case null -> out.println("null");
                default -> out.println(value);
            }
        }

        @Override
        public Handle showUpdatable(Object value) {
            show(value);
            return this::show;
        }

        @Override
        public boolean updatesInPlace() {
            return false;
        }

        private static Path nextChartFile(Chart<?, ?> chart) {
            String dir = System.getProperty(CHARTS_DIR_PROPERTY,
                    Path.of(System.getProperty("java.io.tmpdir"), "pools4j-charts").toString());
            String title = chart.getTitle() == null ? "" : chart.getTitle().toLowerCase().replaceAll("[^a-z0-9]+", "-");
            String slug = title.replaceAll("^-|-$", "");
            return Path.of(dir, "chart-" + CHARTS.incrementAndGet() + (slug.isEmpty() ? "" : "-" + slug) + ".png");
        }
    }
}
