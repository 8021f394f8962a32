package io.pools4j.kernel;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

/**
 * The renderers every pools4j kernel has: images and XChart charts as PNG, Tablesaw tables as
 * HTML and text.
 *
 * <p><b>IPython:</b> the PNG and HTML formatters that matplotlib figures and pandas DataFrames
 * plug into. <b>IJava:</b> {@code Image.registerAll}.
 */
final class DefaultRenderers {

    /** Tables longer than this show their head and tail only, as pandas does. */
    static final int MAX_TABLE_ROWS = 60;

    private DefaultRenderers() {}

    static void registerAll(Renderers renderers) {
        renderers.register(BufferedImage.class, image -> Map.of(
                "image/png", png(image),
                "text/plain", "BufferedImage " + image.getWidth() + "x" + image.getHeight()));
        renderers.register(Chart.class, DefaultRenderers::chart);
        renderers.register(Table.class, table -> Map.of(
                "text/html", TableHtml.render(table, MAX_TABLE_ROWS),
                "text/plain", table.rowCount() > MAX_TABLE_ROWS ? table.print(MAX_TABLE_ROWS) : table.printAll()));
    }

    private static Map<String, String> chart(Chart<?, ?> chart) {
        BufferedImage image = BitmapEncoder.getBufferedImage(chart);
        String title = chart.getTitle() == null || chart.getTitle().isEmpty() ? "" : " '" + chart.getTitle() + "'";
        return Map.of("image/png", png(image),
                "text/plain", chart.getClass().getSimpleName() + title + " " + chart.getWidth() + "x" + chart.getHeight());
    }

    /** PNG bytes of {@code image}, base64 as Jupyter's image/png expects. */
    static String png(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new IllegalStateException("no PNG writer for image type " + image.getType());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode image as PNG", e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
}
