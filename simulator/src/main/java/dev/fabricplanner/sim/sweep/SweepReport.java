package dev.fabricplanner.sim.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.fabricplanner.core.AtomicFile;
import dev.fabricplanner.sim.output.CsvText;
import dev.fabricplanner.sim.output.HtmlReport;
import dev.fabricplanner.sim.output.Numbers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Writes a merged sweep: {@code sweep-summary.csv} (tidy: one row per point, strategy and metric),
 * {@code sweep-summary.json}, {@code sweep-differences.csv} (every strategy pair, Welch's t-test) and
 * {@code sweep-report.html} (metric against each axis, one line per strategy, confidence intervals as
 * error bars). The same folders give the same bytes.
 */
public final class SweepReport {
  public static final List<String> FILES =
      List.of("sweep-summary.csv", "sweep-summary.json", "sweep-differences.csv", "sweep-report.html");
  /** Charts per axis and metric when other axes vary too: one per combination, up to this many. */
  private static final int MAX_SLICES = 6;
  /** Rows of the HTML table of non-significant differences (all of them are in the CSV). */
  private static final int MAX_HTML_ROWS = 500;
  /** Points in the summary table printed on stdout (all of them are in the files). */
  private static final int MAX_TEXT_POINTS = 20;

  private SweepReport() {}

  public static void write(SweepSummary summary, Path dir, String title) throws IOException {
    List<SweepSummary.Difference> differences = summary.differences();
    AtomicFile.writeString(dir.resolve(FILES.get(0)), CsvText.of(summaryRows(summary)));
    AtomicFile.writeString(dir.resolve(FILES.get(1)), json(summary, differences));
    AtomicFile.writeString(dir.resolve(FILES.get(2)), CsvText.of(differenceRows(summary, differences)));
    AtomicFile.writeString(dir.resolve(FILES.get(3)), html(summary, differences, title));
  }

  /**
   * A short table for the terminal: per point and strategy, p99 latency and tokens/s as mean ± half
   * the confidence interval, and the number of seeds.
   */
  public static String text(SweepSummary summary) {
    StringBuilder text = new StringBuilder();
    int points = 0;
    for (SweepSummary.Point point : summary.points()) {
      if (points++ == MAX_TEXT_POINTS) {
        text.append(String.format(Locale.ROOT, "(%d more points in sweep-summary.csv)%n",
            summary.pointCount() - MAX_TEXT_POINTS));
        break;
      }
      text.append(point.coords.isEmpty() ? "all runs" : SweepGrid.json(point.coords)).append('\n');
      point.byStrategy.forEach((strategy, metrics) -> text.append(String.format(Locale.ROOT,
          "  %-20s seeds %3d   p99 latency %s ms   tokens/s %s%n", strategy, metrics.get(SweepMetric.LATENCY_P99).n(),
          plusMinus(metrics.get(SweepMetric.LATENCY_P99), summary.confidence()),
          plusMinus(metrics.get(SweepMetric.TOKENS_PER_S), summary.confidence()))));
    }
    return text.toString();
  }

  private static String plusMinus(SeedSpread spread, double confidence) {
    double half = spread.halfWidth(confidence);
    return Double.isNaN(half)
        ? String.format(Locale.ROOT, "%.1f", spread.mean())
        : String.format(Locale.ROOT, "%.1f ± %.1f", spread.mean(), half);
  }

  static List<List<String>> summaryRows(SweepSummary summary) {
    List<List<String>> rows = new ArrayList<>();
    List<String> header = new ArrayList<>(summary.coordinates());
    header.addAll(List.of("strategy", "metric", "seeds", "mean", "stddev", "ci_low", "ci_high", "confidence"));
    rows.add(header);
    for (SweepSummary.Point point : summary.points()) {
      point.byStrategy.forEach((strategy, metrics) -> metrics.forEach((metric, spread) -> {
        List<String> row = coordCells(summary, point.coords);
        double half = spread.halfWidth(summary.confidence());
        row.addAll(List.of(strategy, metric.key(), Long.toString(spread.n()), Numbers.format(spread.mean()),
            cell(spread.stddev()), cell(spread.mean() - half), cell(spread.mean() + half),
            Numbers.format(summary.confidence())));
        rows.add(row);
      }));
    }
    return rows;
  }

  static List<List<String>> differenceRows(
      SweepSummary summary, List<SweepSummary.Difference> differences) {
    List<List<String>> rows = new ArrayList<>();
    List<String> header = new ArrayList<>(summary.coordinates());
    header.addAll(List.of("metric", "strategy_a", "strategy_b", "mean_a", "mean_b", "welch_p", "significant"));
    rows.add(header);
    for (SweepSummary.Difference d : differences) {
      List<String> row = coordCells(summary, d.coords());
      row.addAll(List.of(d.metric(), d.a(), d.b(), Numbers.format(d.meanA()), Numbers.format(d.meanB()),
          cell(d.pValue()), Boolean.toString(d.significant())));
      rows.add(row);
    }
    return rows;
  }

  private static List<String> coordCells(SweepSummary summary, Map<String, Object> coords) {
    List<String> cells = new ArrayList<>();
    for (String coordinate : summary.coordinates()) {
      cells.add(coords.containsKey(coordinate) ? display(coords.get(coordinate)) : "");
    }
    return cells;
  }

  /** An interval bound or p-value; empty when undefined (fewer than two seeds). */
  private static String cell(double value) {
    return Double.isNaN(value) ? "" : Numbers.format(value);
  }

  private static String display(Object value) {
    return value instanceof String || value instanceof Number || value instanceof Boolean
        ? String.valueOf(value)
        : SweepGrid.json(value);
  }

  private static String json(SweepSummary summary, List<SweepSummary.Difference> differences)
      throws JsonProcessingException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("confidence", summary.confidence());
    root.put("runs", summary.runs());
    root.put("axes", summary.coordinates());
    List<Object> points = new ArrayList<>();
    for (SweepSummary.Point point : summary.points()) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("coords", point.coords);
      p.put("seeds", new java.util.TreeSet<>(point.seeds));
      Map<String, Object> strategies = new LinkedHashMap<>();
      point.byStrategy.forEach((strategy, metrics) -> {
        Map<String, Object> m = new LinkedHashMap<>();
        metrics.forEach((metric, spread) -> {
          double half = spread.halfWidth(summary.confidence());
          Map<String, Object> s = new LinkedHashMap<>();
          s.put("n", spread.n());
          s.put("mean", number(spread.mean()));
          s.put("stddev", number(spread.stddev()));
          s.put("ci_low", number(spread.mean() - half));
          s.put("ci_high", number(spread.mean() + half));
          m.put(metric.key(), s);
        });
        strategies.put(strategy, m);
      });
      p.put("strategies", strategies);
      points.add(p);
    }
    root.put("points", points);
    List<Object> notSignificant = new ArrayList<>();
    for (SweepSummary.Difference d : differences) {
      if (!d.significant()) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("coords", d.coords());
        n.put("metric", d.metric());
        n.put("strategies", List.of(d.a(), d.b()));
        n.put("welch_p", number(d.pValue()));
        notSignificant.add(n);
      }
    }
    root.put("test", "Welch's two-sided t-test on per-seed values, alpha = 1 - confidence");
    root.put("not_significant", notSignificant);
    return SweepGrid.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
  }

  /** JSON has no NaN: an undefined figure (fewer than two seeds) is null. */
  private static Object number(double value) {
    return Double.isNaN(value) ? null : Double.valueOf(Numbers.format(value));
  }

  private static String html(SweepSummary summary, List<SweepSummary.Difference> differences, String title) {
    System.setProperty("java.awt.headless", "true");
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
        .append(HtmlReport.escape(title))
        .append("</title>\n<style>body{font-family:sans-serif;max-width:960px;margin:2em auto;color:#222}")
        .append("table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px}")
        .append("figure{margin:1.5em 0}</style></head><body>\n<h1>")
        .append(HtmlReport.escape(title)).append("</h1>\n<p>")
        .append(String.format(Locale.ROOT, "%,d runs, %,d parameter points; means with %s%% Student-t "
            + "confidence intervals across seeds (error bars).", summary.runs(), summary.pointCount(),
            Numbers.format(100 * summary.confidence())))
        .append("</p>\n");
    for (String axis : summary.coordinates()) {
      if (summary.points().stream().map(p -> SweepGrid.json(p.coords.get(axis))).distinct().count() < 2) {
        continue; // one value: nothing to draw against
      }
      for (SweepMetric metric : SweepMetric.values()) {
        if (metric.plotted()) {
          charts(html, summary, axis, metric);
        }
      }
    }
    long flagged = differences.stream().filter(d -> !d.significant()).count();
    html.append("<h2>Differences between strategies that are not significant</h2>\n<p>")
        .append(String.format(Locale.ROOT, "%,d of %,d strategy pairs (per point and metric) have "
            + "Welch's two-sided t-test p &ge; %s on per-seed values, or fewer than two seeds.",
            flagged, differences.size(), Numbers.format(1 - summary.confidence())))
        .append("</p>\n<table><tr>");
    List<List<String>> rows = differenceRows(summary, differences);
    rows.get(0).forEach(c -> html.append("<th>").append(HtmlReport.escape(c)).append("</th>"));
    html.append("</tr>\n");
    int shown = 0;
    for (List<String> row : rows.subList(1, rows.size())) {
      if (row.get(row.size() - 1).equals("false") && shown++ < MAX_HTML_ROWS) {
        html.append("<tr>");
        row.forEach(c -> html.append("<td>").append(HtmlReport.escape(c)).append("</td>"));
        html.append("</tr>\n");
      }
    }
    html.append("</table>\n");
    if (shown > MAX_HTML_ROWS) {
      html.append("<p>(").append(shown - MAX_HTML_ROWS).append(" more rows in sweep-differences.csv)</p>\n");
    }
    return html.append("</body></html>\n").toString();
  }

  /**
   * The metric against one axis, a line per strategy; when other axes vary, one chart per combination
   * of their values (the first few).
   */
  private static void charts(StringBuilder html, SweepSummary summary, String axis, SweepMetric metric) {
    Map<String, List<SweepSummary.Point>> slices = new TreeMap<>();
    for (SweepSummary.Point point : summary.points()) {
      Map<String, Object> others = new LinkedHashMap<>(point.coords);
      others.remove(axis);
      slices.computeIfAbsent(SweepGrid.json(others), k -> new ArrayList<>()).add(point);
    }
    int drawn = 0;
    for (Map.Entry<String, List<SweepSummary.Point>> slice : slices.entrySet()) {
      if (drawn++ == MAX_SLICES) {
        html.append("<p>(").append(slices.size() - MAX_SLICES).append(" more combinations of the other axes for ")
            .append(HtmlReport.escape(metric.key())).append(" against ").append(HtmlReport.escape(axis))
            .append(" are in sweep-summary.csv)</p>\n");
        break;
      }
      List<SweepSummary.Point> points = slice.getValue();
      boolean numeric = points.stream().allMatch(p -> p.coords.get(axis) instanceof Number);
      XYChart chart = new XYChartBuilder().width(900).height(380).xAxisTitle(axis + (numeric ? "" : " (value number)"))
          .yAxisTitle(metric.key()).build();
      chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE)
          .setChartBackgroundColor(java.awt.Color.WHITE);
      Map<String, double[][]> series = new TreeMap<>();
      for (int i = 0; i < points.size(); i++) {
        SweepSummary.Point point = points.get(i);
        double x = numeric ? ((Number) point.coords.get(axis)).doubleValue() : i + 1;
        for (Map.Entry<String, EnumMap<SweepMetric, SeedSpread>> s : point.byStrategy.entrySet()) {
          SeedSpread spread = s.getValue().get(metric);
          double half = spread.halfWidth(summary.confidence());
          series.computeIfAbsent(s.getKey(), k -> new double[3][0]);
          double[][] xyz = series.get(s.getKey());
          series.put(s.getKey(), new double[][] {append(xyz[0], x), append(xyz[1], spread.mean()),
              append(xyz[2], Double.isNaN(half) ? 0 : half)});
        }
      }
      series.forEach((name, xyz) -> chart.addSeries(name, xyz[0], xyz[1], xyz[2]));
      String others = slice.getKey().equals("{}") ? "" : " at " + slice.getKey();
      String legend = numeric ? "" : " (values: " + String.join(", ",
          points.stream().map(p -> (points.indexOf(p) + 1) + " = " + display(p.coords.get(axis))).toList()) + ")";
      html.append("<figure><figcaption><b>").append(HtmlReport.escape(metric.key() + " against " + axis + others))
          .append("</b>").append(HtmlReport.escape(legend)).append("</figcaption>\n")
          .append(HtmlReport.svg(chart)).append("</figure>\n");
    }
  }

  private static double[] append(double[] values, double value) {
    double[] longer = java.util.Arrays.copyOf(values, values.length + 1);
    longer[values.length] = value;
    return longer;
  }
}
