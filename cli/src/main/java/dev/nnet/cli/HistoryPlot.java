package dev.nnet.cli;

import dev.nnet.runtime.train.EpochRecord;
import dev.nnet.runtime.train.History;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The chart of a training history: one panel per quantity (loss, then each metric), epochs along a shared axis,
 * the training values in blue and the validation values, when there are any, in orange; a dashed line marks early
 * stopping's best epoch. Drawn with JFreeChart
 * without a display ({@code java.awt.headless=true}), as a PNG.
 */
final class HistoryPlot {
  /** Training values. */
  static final Color TRAINING = new Color(0x1f, 0x77, 0xb4);
  /** Validation values. */
  static final Color VALIDATION = new Color(0xff, 0x7f, 0x0e);

  static final int WIDTH = 800;
  static final int PANEL_HEIGHT = 260;
  static final int HEADER_HEIGHT = 90;

  private HistoryPlot() {}

  /** The PNG's width and height in pixels for a history with {@code panels} quantities. */
  static int height(int panels) {
    return HEADER_HEIGHT + PANEL_HEIGHT * Math.max(1, panels);
  }

  /** The quantities a history has, each with its training key and validation key (null when absent). */
  static Map<String, String[]> panels(History history) {
    Map<String, String[]> panels = new LinkedHashMap<>();
    List<String> keys = history.keys();
    for (String k : keys) {
      String base = k.startsWith("val_") ? k.substring(4) : k;
      String[] pair = panels.computeIfAbsent(base, b -> new String[2]);
      pair[k.startsWith("val_") ? 1 : 0] = k;
    }
    return panels;
  }

  /** The chart as PNG bytes. */
  static byte[] png(History history, String title) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Map<String, String[]> panels = panels(history);
    NumberAxis epochs = new NumberAxis("epoch");
    epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    epochs.setAutoRangeIncludesZero(false);
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochs);
    plot.setGap(12);
    boolean few = history.epochs().size() <= 40;
    for (Map.Entry<String, String[]> panel : panels.entrySet()) {
      XYSeriesCollection data = new XYSeriesCollection();
      List<Color> colors = new ArrayList<>();
      String[] pair = panel.getValue();
      if (pair[0] != null) {
        data.addSeries(series(history, pair[0], "training " + panel.getKey()));
        colors.add(TRAINING);
      }
      if (pair[1] != null) {
        data.addSeries(series(history, pair[1], "validation " + panel.getKey()));
        colors.add(VALIDATION);
      }
      XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, few);
      for (int s = 0; s < colors.size(); s++) {
        renderer.setSeriesPaint(s, colors.get(s));
        renderer.setSeriesStroke(s, new BasicStroke(2f));
        renderer.setSeriesShape(s, new Ellipse2D.Double(-3, -3, 6, 6));
      }
      NumberAxis values = new NumberAxis(panel.getKey());
      values.setAutoRangeIncludesZero(false);
      XYPlot sub = new XYPlot(data, null, values, renderer);
      sub.setBackgroundPaint(Color.WHITE);
      sub.setRangeGridlinePaint(Color.LIGHT_GRAY);
      sub.setDomainGridlinePaint(Color.LIGHT_GRAY);
      if (history.bestEpoch() > 0) {
        // Early stopping's best epoch, whose weights were kept when it restored them.
        ValueMarker best = new ValueMarker(history.bestEpoch(), Color.GRAY,
            new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {4f, 4f}, 0f));
        sub.addDomainMarker(best);
      }
      plot.add(sub, 1);
    }
    // One legend entry per colour, not one per panel.
    LegendItemCollection legend = new LegendItemCollection();
    legend.add(new LegendItem("training", TRAINING));
    if (panels.values().stream().anyMatch(p -> p[1] != null)) {
      legend.add(new LegendItem("validation", VALIDATION));
    }
    plot.setFixedLegendItems(legend);
    JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ChartUtils.writeChartAsPNG(bytes, chart, WIDTH, height(panels.size()));
    return bytes.toByteArray();
  }

  /**
   * The largest magnitude drawn: values beyond it are drawn at it. Java2D computes in float, and an axis from -1e308
   * to 1e308 spans an infinite range; a loss of 1e30 has diverged whatever its exact value.
   */
  static final double LIMIT = 1e30;

  /**
   * One line of the chart. Sorted, with repeated epochs allowed (a history pieced together from runs may repeat
   * one): a series that checks each new x for duplicates costs a linear search per point, quadratic in epochs.
   */
  private static XYSeries series(History history, String key, String label) {
    XYSeries s = new XYSeries(label, true, true);
    for (EpochRecord e : history.epochs()) {
      double v = e.get(key);
      if (Double.isFinite(v)) {
        s.add(e.epoch(), Math.max(-LIMIT, Math.min(LIMIT, v)), false);
      }
    }
    return s;
  }
}
