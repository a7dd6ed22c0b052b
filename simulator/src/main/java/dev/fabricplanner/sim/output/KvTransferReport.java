package dev.fabricplanner.sim.output;

import dev.fabricplanner.sim.result.KvTransferSummary;
import dev.fabricplanner.sim.result.LinkUse;
import dev.fabricplanner.sim.result.SimulationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The report's part for disaggregated runs: mean TTFT stacked by its parts (queue, prefill, KV
 * transfer, first decode, return) per strategy, and a table of transfers, links and fallbacks.
 * Empty for runs without a disaggregation block.
 */
final class KvTransferReport {
  private static final List<String> PARTS =
      List.of("queue", "prefill", "transfer", "first_decode", "return");

  private KvTransferReport() {}

  static String section(List<SimulationResult> results) {
    List<SimulationResult> pd =
        results.stream().filter(r -> r.kvTransfer().isPresent()).toList();
    if (pd.isEmpty()) {
      return "";
    }
    StringBuilder html = new StringBuilder("<h2>Disaggregated prefill/decode: KV transfers</h2>\n");
    CategoryChart chart = new CategoryChartBuilder().width(900).height(380)
        .yAxisTitle("mean TTFT (ms)").build();
    chart.getStyler().setStacked(true).setLegendPosition(Styler.LegendPosition.OutsideE)
        .setChartBackgroundColor(java.awt.Color.WHITE);
    List<String> strategies = pd.stream().map(SimulationResult::strategy).toList();
    for (String part : PARTS) {
      List<Double> ms = new ArrayList<>();
      for (SimulationResult r : pd) {
        ms.add(r.kvTransfer().orElseThrow().ttftBreakdownMs().getOrDefault(part, 0.0));
      }
      chart.addSeries(part.replace('_', ' '), strategies, ms);
    }
    html.append("<figure><figcaption><b>TTFT broken down: queue, prefill, KV transfer, first decode,")
        .append(" return (mean ms)</b></figcaption>\n").append(HtmlReport.svg(chart))
        .append("</figure>\n");
    html.append("<table>\n<tr><th>strategy</th><th>transfers</th><th>GB by transport</th>")
        .append("<th>transfer ms mean</th><th>p99</th><th>link wait ms</th>")
        .append("<th>busiest link (utilization)</th><th>TTFT share</th><th>fallbacks</th></tr>\n");
    for (SimulationResult r : pd) {
      KvTransferSummary kv = r.kvTransfer().orElseThrow();
      List<String> gb = new ArrayList<>();
      kv.bytesByTransport().forEach((t, b) -> gb.add(t + " " + fmt(b / 1e9)));
      String busiest = "";
      double most = -1;
      for (Map.Entry<String, LinkUse> e : kv.links().entrySet()) {
        if (e.getValue().maxUtilization() > most) {
          most = e.getValue().maxUtilization();
          busiest = e.getValue().busiest() + " (" + fmt(100 * most) + " %)";
        }
      }
      List<String> fallbacks = new ArrayList<>();
      kv.fallbacks().forEach((pair, change) -> fallbacks.add(pair + ": " + change));
      html.append("<tr><td>").append(HtmlReport.escape(r.strategy())).append("</td><td>")
          .append(kv.transfers()).append("</td><td>")
          .append(HtmlReport.escape(String.join(", ", gb))).append("</td><td>")
          .append(fmt(kv.transferMs().mean())).append("</td><td>")
          .append(fmt(kv.transferMs().p99())).append("</td><td>")
          .append(fmt(kv.linkWaitMs())).append("</td><td>")
          .append(HtmlReport.escape(busiest)).append("</td><td>")
          .append(fmt(kv.ttftShare())).append("</td><td>")
          .append(HtmlReport.escape(fallbacks.isEmpty() ? "none" : String.join("; ", fallbacks)))
          .append("</td></tr>\n");
    }
    return html.append("</table>\n").toString();
  }

  private static String fmt(double value) {
    return String.format(Locale.ROOT, "%.3g", value);
  }
}
