package io.pools4j.notebook;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The course's charts, drawn with XChart: which worker ran which task (a Gantt chart), timings
 * side by side (bars), and speed-up over the number of workers with the ideal line.
 *
 * <p><b>Python:</b> what a notebook draws with matplotlib ({@code plt.barh} for a Gantt chart,
 * {@code plt.bar}, {@code plt.plot}); the course sources only print their timings.
 *
 * <p>Each method returns the chart: a cell that ends with it shows it in the pools4j kernel, and
 * {@link Notebook#show} shows or saves it anywhere.
 */
public final class Charts {

    static final int WIDTH = 720;
    static final int HEIGHT = 360;
    /** Task ids are written on the bars up to this many tasks; beyond, they would overlap. */
    static final int MAX_LABELLED_TASKS = 48;
    private static final Color[] LANE_COLOURS = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    private Charts() {}

    /**
     * Bars comparing timings, in the map's order: {@code compare("PRIMES", "seconds",
     * Map.of("one after another", 2.1, "2 processes", 1.1))}. Use a {@link LinkedHashMap} to
     * choose the order.
     */
    public static CategoryChart compare(String title, String unit, Map<String, ? extends Number> values) {
        Objects.requireNonNull(values, "values");
        if (values.isEmpty()) {
            throw new IllegalArgumentException("compare() needs at least one value to draw; values is empty");
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .yAxisTitle(unit).build();
        CategoryStyler styler = chart.getStyler();
        styler.setLegendVisible(false);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLabelsVisible(true);
        styler.setLabelsFontColorAutomaticEnabled(false);
        styler.setLabelsFontColor(Color.BLACK);
        styler.setDecimalPattern("#,##0.##"); // bar labels: 2.79, not 2.7900000000000001
        styler.setAvailableSpaceFill(0.6);
        styler.setYAxisMin(0.0);
        // Names that would overlap side by side (about 7 px a character) are written at a slant.
        int perBar = WIDTH * 3 / 4 / values.size();
        if (values.keySet().stream().anyMatch(name -> name.length() * 7 > perBar)) {
            styler.setXAxisLabelRotation(20);
        }
        chart.addSeries(unit, new ArrayList<>(values.keySet()),
                values.values().stream().map(v -> (Number) v.doubleValue()).toList());
        return chart;
    }

    /**
     * Speed-up over the number of workers: for each count n, the time with one worker divided by
     * the time with n, beside the ideal (n). {@code secondsByWorkers} must hold the time for 1.
     */
    public static XYChart speedup(String title, Map<Integer, ? extends Number> secondsByWorkers) {
        Objects.requireNonNull(secondsByWorkers, "secondsByWorkers");
        Number one = secondsByWorkers.get(1);
        if (one == null) {
            throw new IllegalArgumentException("speedup() needs the time with 1 worker to divide by; the map has "
                    + secondsByWorkers.keySet() + "; add an entry for 1");
        }
        List<Integer> counts = secondsByWorkers.keySet().stream().sorted().toList();
        List<Double> measured = counts.stream().map(n -> one.doubleValue() / secondsByWorkers.get(n).doubleValue()).toList();
        List<Double> ideal = counts.stream().map(Integer::doubleValue).toList();
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("workers").yAxisTitle("speed-up (time with 1 / time with n)").build();
        XYStyler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.InsideNW);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setYAxisMin(0.0);
        styler.setXAxisDecimalPattern("0");
        XYSeries idealLine = chart.addSeries("ideal", counts.stream().map(Integer::doubleValue).toList(), ideal);
        idealLine.setMarker(SeriesMarkers.NONE);
        idealLine.setLineColor(Color.GRAY);
        idealLine.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        chart.addSeries("measured", counts.stream().map(Integer::doubleValue).toList(), measured)
                .setMarker(SeriesMarkers.CIRCLE);
        return chart;
    }

    /** One lane per worker (in the order they first started), one bar per task that started. */
    static XYChart gantt(String title, List<Timeline.Task> tasks) {
        List<Timeline.Task> ran = tasks.stream().filter(t -> !Double.isNaN(t.started())).toList();
        List<String> workers = new ArrayList<>();
        ran.stream().sorted(java.util.Comparator.comparingDouble(Timeline.Task::started))
                .forEach(t -> { if (!workers.contains(t.worker())) workers.add(t.worker()); });
        double end = ran.stream().mapToDouble(t -> Double.isNaN(t.ended()) ? t.started() : t.ended()).max().orElse(1);
        XYChart chart = new XYChartBuilder().width(WIDTH).height(Math.max(220, 100 + 45 * workers.size()))
                .title(title).xAxisTitle("seconds since the first submit").build();
        XYStyler styler = chart.getStyler();
        // Lanes are named by the legend (a worker's colour): XChart places y ticks where it likes.
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setYAxisMin(0.4);
        styler.setYAxisMax(workers.size() + 0.6);
        styler.setXAxisMin(0.0);
        styler.setYAxisTicksVisible(false);
        styler.setPlotGridHorizontalLinesVisible(false);
        float thickness = Math.min(26f, 180f / Math.max(1, workers.size()));
        boolean labelled = ran.size() <= MAX_LABELLED_TASKS;
        for (int lane = 1; lane <= workers.size(); lane++) {
            String worker = workers.get(lane - 1);
            List<Timeline.Task> mine = ran.stream().filter(t -> t.worker().equals(worker))
                    .sorted(java.util.Comparator.comparingDouble(Timeline.Task::started)).toList();
            // Two shades per lane, alternating, so that tasks that follow each other without a gap stay apart.
            for (int shade = 0; shade < 2; shade++) {
                List<Double> xs = new ArrayList<>();
                List<Double> ys = new ArrayList<>();
                for (int i = shade; i < mine.size(); i += 2) {
                    Timeline.Task t = mine.get(i);
                    xs.add(t.started());
                    xs.add(Double.isNaN(t.ended()) ? end : t.ended());
                    xs.add(Double.NaN); // a gap: XChart breaks a line at NaN
                    ys.add((double) lane);
                    ys.add((double) lane);
                    ys.add(Double.NaN);
                }
                if (xs.isEmpty()) {
                    continue;
                }
                Color base = LANE_COLOURS[(lane - 1) % LANE_COLOURS.length];
                XYSeries bars = chart.addSeries(worker + (shade == 0 ? "" : " "), xs, ys);
                bars.setMarker(SeriesMarkers.NONE);
                bars.setLineColor(shade == 0 ? base : base.brighter());
                bars.setLineStyle(new BasicStroke(thickness, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
                bars.setShowInLegend(shade == 0);
            }
            if (labelled) {
                for (Timeline.Task t : mine) {
                    double to = Double.isNaN(t.ended()) ? end : t.ended();
                    chart.addAnnotation(new AnnotationText(String.valueOf(t.id()), (t.started() + to) / 2, lane, false));
                }
            }
        }
        if (workers.isEmpty()) {
            chart.addSeries("no task has started", new double[] {0}, new double[] {1}).setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }
}
