package io.caravan.research.eval.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.None;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Evaluation report charts drawn with XChart: recall@k curves, latency histograms and a
 * cost/quality scatter. The extension of the output path picks SVG (text, diffable; preferred) or
 * PNG ({@link ChartFormat}). Each chart is built, rendered off-screen and written in one call; the
 * cost is linear in the number of points plus the rendering (milliseconds for report-sized data).
 *
 * <p>Input policy: charts plot numbers the harness has already computed, so a NaN or infinity is an
 * upstream bug. It is rejected with an {@link IllegalArgumentException} naming the series and
 * index rather than silently skipped, which would draw a misleading curve. Empty input and
 * duplicate labels are rejected the same way. {@link ChartWriter} writes the file: nothing is
 * written unless rendering succeeds, and an SVG carries the title and series names as text.
 *
 * <p>Headless: rendering only ever targets an off-screen image or a vector stream, so the
 * constructor sets {@code java.awt.headless=true} when the JVM was started without a choice;
 * otherwise a stale {@code DISPLAY} (e.g. an SSH session) would make AWT try an X server. Number
 * formatting on the axes uses {@link Locale#ROOT} so the SVG does not change with the machine.
 */
public final class Charts {

  /** One labelled point of a cost/quality chart, e.g. a process with its ms/query and nDCG@10. */
  public record Point(String label, double cost, double quality) {
    public Point {
      if (label == null || label.isBlank()) {
        throw new IllegalArgumentException("a chart point needs a non-blank label");
      }
      if (!Double.isFinite(cost) || !Double.isFinite(quality)) {
        throw new IllegalArgumentException(
            "point '" + label + "' must have finite cost and quality, got cost=" + cost
                + " quality=" + quality);
      }
    }
  }

  private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
  private static final Font AXIS_TITLE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
  private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  private static final Font LEGEND_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

  private final int width;
  private final int height;

  /** Charts of 900 x 560 pixels (PNG) or points (SVG). */
  public Charts() {
    this(900, 560);
  }

  /** Charts of {@code width} x {@code height} pixels (PNG) or points (SVG), each in [200, 8000]. */
  public Charts(int width, int height) {
    if (width < 200 || width > 8000 || height < 200 || height > 8000) {
      throw new IllegalArgumentException(
          "chart size must be within 200..8000 on each side, got " + width + "x" + height);
    }
    this.width = width;
    this.height = height;
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /**
   * Recall@k curves, one line per configuration. {@code seriesByConfig} maps a configuration name
   * to its recall at each of {@code ks} (same length, values in [0, 1]); {@code ks} must be
   * positive and strictly increasing. The k axis is logarithmic when the largest k is more than
   * ten times the smallest (recall@1..100 would otherwise squeeze the small ks into a corner).
   */
  public void recallAtK(Map<String, double[]> seriesByConfig, int[] ks, String title, Path out) {
    ChartFormat format = ChartFormat.of(out);
    requireSeries(seriesByConfig, "recall@k");
    if (ks == null || ks.length == 0) {
      throw new IllegalArgumentException("recall@k chart needs at least one k");
    }
    for (int i = 0; i < ks.length; i++) {
      if (ks[i] < 1 || (i > 0 && ks[i] <= ks[i - 1])) {
        throw new IllegalArgumentException(
            "ks must be positive and strictly increasing, got " + Arrays.toString(ks));
      }
    }
    double[] x = new double[ks.length];
    for (int i = 0; i < ks.length; i++) {
      x[i] = ks[i];
    }
    XYChart chart = newChart(title, "k", "recall@k");
    boolean logK = ks[ks.length - 1] > 10L * ks[0];
    XYStyler styler = chart.getStyler();
    styler.setXAxisLogarithmic(logK);
    styler.setXAxisLogarithmicDecadeOnly(true);
    styler.setYAxisMin(0.0);
    styler.setYAxisMax(1.0);
    // Decades only: labelling every log tick (2, 3, ... 90) crowds the axis; the markers show
    // the measured ks. (XChart's custom tick-label function is not usable here: with a log axis
    // its tick search does not terminate in 3.8.8.)
    styler.setXAxisDecimalPattern("0");
    styler.setYAxisDecimalPattern("0.0#");
    styler.setLegendPosition(Styler.LegendPosition.InsideSE);
    for (Map.Entry<String, double[]> e : seriesByConfig.entrySet()) {
      double[] recall = e.getValue();
      if (recall.length != ks.length) {
        throw new IllegalArgumentException(
            "config '" + e.getKey() + "' has " + recall.length + " recall values for "
                + ks.length + " ks");
      }
      for (int i = 0; i < recall.length; i++) {
        if (!(recall[i] >= 0 && recall[i] <= 1)) {
          throw new IllegalArgumentException(
              "config '" + e.getKey() + "' recall@" + ks[i] + " must be in [0, 1], got "
                  + recall[i]);
        }
      }
      XYSeries series = chart.addSeries(e.getKey(), x, recall.clone());
      series.setLineWidth(2f);
    }
    ChartWriter.write(chart, format, out);
  }

  /**
   * Histogram of per-query latency in milliseconds, one outline per configuration over shared
   * bins ({@link HistogramBins#freedmanDiaconis}) so the shapes compare bin for bin; the y axis
   * counts queries. Outlines rather than filled bars keep every configuration visible where they
   * overlap. Latencies must be finite and &ge; 0.
   */
  public void latencyHistogram(Map<String, double[]> millisByConfig, String title, Path out) {
    ChartFormat format = ChartFormat.of(out);
    requireSeries(millisByConfig, "latency histogram");
    for (Map.Entry<String, double[]> e : millisByConfig.entrySet()) {
      double[] millis = e.getValue();
      for (int i = 0; i < millis.length; i++) {
        if (!(millis[i] >= 0) || millis[i] == Double.POSITIVE_INFINITY) {
          throw new IllegalArgumentException(
              "config '" + e.getKey() + "' latency #" + i + " must be finite and >= 0 ms, got "
                  + millis[i]);
        }
      }
    }
    HistogramBins bins = HistogramBins.freedmanDiaconis(millisByConfig.values());
    XYChart chart = newChart(title, "latency per query (ms)", "queries");
    XYStyler styler = chart.getStyler();
    styler.setYAxisMin(0.0);
    styler.setYAxisDecimalPattern("0");
    styler.setXAxisMin(bins.edge(0));
    styler.setXAxisMax(bins.edge(bins.count()));
    styler.setLegendPosition(Styler.LegendPosition.InsideNE);
    for (Map.Entry<String, double[]> e : millisByConfig.entrySet()) {
      int[] counts = bins.counts(e.getValue());
      // The outline of the bars from the first to the last non-empty bin: up at its left edge,
      // across each bin, down at the right edge. Not drawing the empty bins outside that range
      // keeps the other configurations' baselines from piling up along the x axis.
      int first = 0;
      while (counts[first] == 0) {
        first++;
      }
      int last = counts.length - 1;
      while (counts[last] == 0) {
        last--;
      }
      int used = last - first + 1;
      double[] x = new double[2 * used + 2];
      double[] y = new double[x.length];
      x[0] = bins.edge(first);
      for (int b = 0; b < used; b++) {
        x[2 * b + 1] = bins.edge(first + b);
        y[2 * b + 1] = counts[first + b];
        x[2 * b + 2] = bins.edge(first + b + 1);
        y[2 * b + 2] = counts[first + b];
      }
      x[x.length - 1] = bins.edge(last + 1);
      XYSeries series = chart.addSeries(e.getKey() + " (n=" + e.getValue().length + ")", x, y);
      series.setMarker(new None());
      series.setLineWidth(2f);
    }
    ChartWriter.write(chart, format, out);
  }

  /**
   * Cost/quality scatter: one labelled point per process or configuration, cost on x (e.g.
   * ms/query or retrieval calls), quality on y (e.g. nDCG@10). Each point is its own series, so
   * it has its own colour and legend entry, and its label is also written next to it. Both axes
   * are linear and padded by 10% so no marker or label sits on the plot border.
   */
  public void costQuality(
      List<Point> points, String xLabel, String yLabel, String title, Path out) {
    ChartFormat format = ChartFormat.of(out);
    if (points == null || points.isEmpty()) {
      throw new IllegalArgumentException("cost/quality chart needs at least one point");
    }
    requireText(xLabel, "x axis label");
    requireText(yLabel, "y axis label");
    Set<String> labels = new HashSet<>();
    double minX = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double minY = Double.POSITIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    for (Point p : points) {
      if (p == null) {
        throw new IllegalArgumentException("cost/quality points must not contain null");
      }
      if (!labels.add(p.label())) {
        throw new IllegalArgumentException("duplicate point label '" + p.label() + "'");
      }
      minX = Math.min(minX, p.cost());
      maxX = Math.max(maxX, p.cost());
      minY = Math.min(minY, p.quality());
      maxY = Math.max(maxY, p.quality());
    }
    double padX = padding(minX, maxX);
    double padY = padding(minY, maxY);
    XYChart chart = newChart(title, xLabel, yLabel);
    XYStyler styler = chart.getStyler();
    styler.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    styler.setMarkerSize(11);
    styler.setXAxisMin(minX - padX);
    styler.setXAxisMax(maxX + padX);
    styler.setYAxisMin(minY - padY);
    styler.setYAxisMax(maxY + padY);
    styler.setLegendPosition(Styler.LegendPosition.OutsideE);
    for (Point p : points) {
      XYSeries series =
          chart.addSeries(p.label(), new double[] {p.cost()}, new double[] {p.quality()});
      series.setMarker(SeriesMarkers.CIRCLE);
      // Text is centred on its anchor: lift it above the marker by a fraction of the y range.
      chart.addAnnotation(
          new AnnotationText(p.label(), p.cost(), p.quality() + padY * 0.45, false));
    }
    ChartWriter.write(chart, format, out);
  }

  private XYChart newChart(String title, String xLabel, String yLabel) {
    requireText(title, "chart title");
    XYChart chart =
        new XYChartBuilder()
            .width(width)
            .height(height)
            .title(title)
            .xAxisTitle(xLabel)
            .yAxisTitle(yLabel)
            .build();
    XYStyler styler = chart.getStyler();
    styler.setLocale(Locale.ROOT);
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setPlotBorderColor(Color.GRAY);
    styler.setPlotGridLinesColor(new Color(225, 225, 225));
    styler.setPlotGridLinesStroke(new BasicStroke(1f));
    styler.setChartTitleBoxVisible(false);
    styler.setChartTitleFont(TITLE_FONT);
    styler.setAxisTitleFont(AXIS_TITLE_FONT);
    styler.setAxisTickLabelsFont(TICK_FONT);
    styler.setLegendFont(LEGEND_FONT);
    styler.setLegendBorderColor(Color.LIGHT_GRAY);
    styler.setAnnotationTextFont(LEGEND_FONT);
    styler.setAnnotationTextFontColor(Color.DARK_GRAY);
    styler.setAntiAlias(true);
    return chart;
  }

  private static void requireSeries(Map<String, double[]> series, String chart) {
    if (series == null || series.isEmpty()) {
      throw new IllegalArgumentException(chart + " chart needs at least one configuration");
    }
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, double[]> e : series.entrySet()) {
      if (e.getKey() == null || e.getKey().isBlank()) {
        problems.add("a configuration has a blank name");
      } else if (e.getValue() == null || e.getValue().length == 0) {
        problems.add("configuration '" + e.getKey() + "' has no values");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(chart + " chart: " + String.join("; ", problems));
    }
  }

  private static void requireText(String text, String what) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
  }

  private static double padding(double min, double max) {
    double range = max - min;
    if (range > 0) {
      return range * 0.1;
    }
    return Math.max(Math.abs(min) * 0.1, 1e-3);
  }
}
