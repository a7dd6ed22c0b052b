package dev.fabricplanner.sim.output;

import dev.fabricplanner.sim.result.LatencySummary;
import dev.fabricplanner.sim.result.SimulationResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.VectorGraphicsEncoder.VectorGraphicsFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code report.html}: a self-contained page (inline SVG from XChart, no scripts, no network) with
 * latency CDFs per strategy and side-by-side bars for the figures people compare.
 */
public final class HtmlReport {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 420;
  /** Percentiles sampled from each histogram for the CDF line: dense in the tail where it matters. */
  private static final double[] CDF_PERCENTILES = cdfPercentiles();

  private HtmlReport() {}

  public static String render(String title, List<SimulationResult> results) {
    return render(title, results, results);
  }

  /**
   * The report of {@code results}, whose verdict is over {@code verdictOver} (the same runs, under
   * their own strategy names when they are seed replicates, so that seeds pair).
   */
  public static String render(
      String title, List<SimulationResult> results, List<SimulationResult> verdictOver) {
    // Charts are drawn through AWT; without a display it must be told so before its first use.
    System.setProperty("java.awt.headless", "true");
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
        .append(escape(title))
        .append("</title>\n<style>body{font-family:sans-serif;max-width:960px;margin:2em auto;color:#222}")
        .append("table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px;")
        .append("text-align:right}td:first-child,th:first-child{text-align:left}")
        .append("figure{margin:1.5em 0}</style></head><body>\n<h1>")
        .append(escape(title))
        .append("</h1>\n");
    html.append(Verdict.html(verdictOver));
    html.append(table(results));
    figure(html, "End-to-end latency CDF", latencyCdf(results));
    figure(html, "Latency percentiles (ms)", percentileBars(results, "latency"));
    figure(html, "Time to first token percentiles (ms)", percentileBars(results, "ttft"));
    if (results.stream().allMatch(r -> r.serving().recorded())) {
      figure(html, "Time per output token percentiles (ms)", percentileBars(results, "tpot"));
      figure(html, "Inter-token latency percentiles (ms)", percentileBars(results, "itl"));
      figure(html, "Prefix-cache hit rate vs time to first token (per strategy, one colour: p50 circle,"
          + " p99 square)", hitRateVsTtft(results));
    }
    boolean prefillRecorded = results.stream().allMatch(r -> r.gpu().prefillBusyRecorded());
    figure(html,
        prefillRecorded
            ? "GPU slots, VRAM and prefill busy (fleet, busiest GPU profile)"
            : "GPU slots and VRAM (prefill busy not recorded in older results)",
        utilizationBars(results, prefillRecorded));
    figure(html, "Cost per 1k tokens (USD)", bars("USD", results, List.of("cost per 1k tokens"),
        List.of(SimulationResult::costPer1kTokens)));
    html.append(KvTransferReport.section(results));
    html.append("</body></html>\n");
    return html.toString();
  }

  private static String table(List<SimulationResult> results) {
    List<List<String>> rows = ComparisonTable.csvRows(results);
    StringBuilder table = new StringBuilder("<div style=\"overflow-x:auto\"><table>\n<tr>");
    rows.get(0).forEach(cell -> table.append("<th>").append(escape(cell)).append("</th>"));
    table.append("</tr>\n");
    for (List<String> row : rows.subList(1, rows.size())) {
      table.append("<tr>");
      row.forEach(cell -> table.append("<td>").append(escape(cell)).append("</td>"));
      table.append("</tr>\n");
    }
    return table.append("</table></div>\n").toString();
  }

  private static XYChart latencyCdf(List<SimulationResult> results) {
    XYChart chart =
        new XYChartBuilder().width(WIDTH).height(HEIGHT).xAxisTitle("latency (ms, log)")
            .yAxisTitle("fraction of requests").build();
    chart.getStyler().setXAxisLogarithmic(true).setLegendPosition(Styler.LegendPosition.InsideSE)
        .setMarkerSize(0).setChartBackgroundColor(java.awt.Color.WHITE);
    for (SimulationResult result : results) {
      Histogram histogram = result.latencyHistograms().get("all");
      if (histogram == null || histogram.getTotalCount() == 0) {
        continue;
      }
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (double percentile : CDF_PERCENTILES) {
        double ms = Math.max(histogram.getValueAtPercentile(percentile) / 1000.0, 1e-3);
        xs.add(ms);
        ys.add(percentile / 100.0);
      }
      chart.addSeries(result.strategy(), xs, ys).setMarker(SeriesMarkers.NONE);
    }
    return chart;
  }

  /**
   * Each strategy's prefix-cache hit rate against its TTFT p50 and p99: whether finding more cached
   * prefix bought faster first tokens, or piled requests onto the servers that hold them.
   */
  private static XYChart hitRateVsTtft(List<SimulationResult> results) {
    XYChart chart =
        new XYChartBuilder().width(WIDTH).height(HEIGHT).xAxisTitle("prefix-cache hit rate")
            .yAxisTitle("TTFT (ms, log)").build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter)
        .setYAxisLogarithmic(true).setLegendPosition(Styler.LegendPosition.OutsideE)
        .setMarkerSize(10).setChartBackgroundColor(java.awt.Color.WHITE);
    java.awt.Color[] colors = chart.getStyler().getSeriesColors();
    for (int i = 0; i < results.size(); i++) {
      SimulationResult result = results.get(i);
      LatencySummary ttft = result.ttftMs().get("all");
      double hit = result.serving().prefixCacheHitRate();
      java.awt.Color color = colors[i % colors.length];
      chart.addSeries(result.strategy() + " p50", List.of(hit), List.of(Math.max(ttft.p50(), 1e-3)))
          .setMarker(SeriesMarkers.CIRCLE).setMarkerColor(color);
      chart.addSeries(result.strategy() + " p99", List.of(hit), List.of(Math.max(ttft.p99(), 1e-3)))
          .setMarker(SeriesMarkers.RECTANGLE).setMarkerColor(color);
    }
    return chart;
  }

  private static CategoryChart percentileBars(List<SimulationResult> results, String which) {
    List<String> names = List.of("p50", "p95", "p99", "p99.9");
    Function<SimulationResult, LatencySummary> summary =
        switch (which) {
          case "latency" -> r -> r.latencyMs().get("all");
          case "ttft" -> r -> r.ttftMs().get("all");
          case "tpot" -> r -> r.serving().tpotMs().get("all");
          default -> r -> r.serving().itlMs();
        };
    List<ToDoubleFunction<SimulationResult>> values =
        List.of(r -> summary.apply(r).p50(), r -> summary.apply(r).p95(),
            r -> summary.apply(r).p99(), r -> summary.apply(r).p999());
    return bars("ms", results, names, values);
  }

  /**
   * Slots, VRAM, and the prefill stage (fleet and busiest GPU profile), which saturates first when
   * prompts are long; the prefill bars only when every run recorded them (older saved results did
   * not).
   */
  private static CategoryChart utilizationBars(List<SimulationResult> results, boolean prefill) {
    List<String> names = new ArrayList<>(List.of("GPU slots", "VRAM"));
    List<ToDoubleFunction<SimulationResult>> values =
        new ArrayList<>(List.of(r -> r.gpu().utilization(), r -> r.gpu().vramUtilization()));
    if (prefill) {
      names.addAll(List.of("prefill busy", "busiest profile's prefill"));
      values.addAll(List.of(r -> r.gpu().prefillBusy(), r -> r.gpu().busiestPrefill()));
    }
    return bars("utilization", results, names, values);
  }

  /** One group of bars per statistic, one bar per strategy. */
  private static CategoryChart bars(
      String yTitle,
      List<SimulationResult> results,
      List<String> statistics,
      List<ToDoubleFunction<SimulationResult>> values) {
    CategoryChart chart =
        new CategoryChartBuilder().width(WIDTH).height(HEIGHT).yAxisTitle(yTitle).build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE)
        .setChartBackgroundColor(java.awt.Color.WHITE);
    for (SimulationResult result : results) {
      List<Double> ys = new ArrayList<>();
      for (ToDoubleFunction<SimulationResult> value : values) {
        ys.add(value.applyAsDouble(result));
      }
      chart.addSeries(result.strategy(), statistics, ys);
    }
    return chart;
  }

  private static void figure(StringBuilder html, String caption, org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) {
    html.append("<figure><figcaption><b>").append(escape(caption)).append("</b></figcaption>\n")
        .append(svg(chart)).append("</figure>\n");
  }

  public static String svg(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) {
    if (chart.getSeriesMap().isEmpty()) {
      return "<p>(no data)</p>";
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsFormat.SVG);
    } catch (IOException e) {
      throw new IllegalStateException("SVG to memory cannot fail on I/O", e);
    }
    String svg = out.toString(StandardCharsets.UTF_8);
    int start = svg.indexOf("<svg");
    return svg.substring(start) + "\n";
  }

  private static double[] cdfPercentiles() {
    List<Double> points = new ArrayList<>();
    for (double p = 1; p < 90; p += 1) {
      points.add(p);
    }
    for (double p = 90; p < 99; p += 0.25) {
      points.add(p);
    }
    for (double p = 99; p < 99.99; p += 0.05) {
      points.add(p);
    }
    points.add(99.99);
    points.add(100.0);
    return points.stream().mapToDouble(Double::doubleValue).toArray();
  }

  public static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
