package dev.fabricplanner.sim.output;

import dev.fabricplanner.sim.result.BatchSeries;
import dev.fabricplanner.sim.result.SimulationResult;
import dev.fabricplanner.sim.stats.PairedDifference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * Which strategy wins each headline metric, and whether its lead over the runner-up is beyond noise:
 * a 95 % paired Student-t interval of the runner-up minus the winner, over seeds when every strategy
 * ran the same two or more seeds, else over the time batches of one run (docs/OUTPUTS.md, "Verdict").
 */
public final class Verdict {
  static final double CONFIDENCE = 0.95;

  /** A headline metric: its label, batch key, whether lower wins, and the run's overall figure. */
  private record Metric(
      String label,
      String batchKey,
      boolean lowerWins,
      Predicate<SimulationResult> measured,
      ToDoubleFunction<SimulationResult> overall) {}

  private static final List<Metric> METRICS =
      List.of(
          new Metric("TTFT p50 (ms)", BatchSeries.TTFT_P50, true, r -> true,
              r -> r.ttftMs().get("all").p50()),
          new Metric("TTFT p99 (ms)", BatchSeries.TTFT_P99, true, r -> true,
              r -> r.ttftMs().get("all").p99()),
          new Metric("E2E p99 (ms)", BatchSeries.E2E_P99, true, r -> true,
              r -> r.latencyMs().get("all").p99()),
          new Metric("TPOT mean (ms)", BatchSeries.TPOT_MEAN, true, r -> r.serving().recorded(),
              r -> r.serving().tpotMs().get("all").mean()),
          new Metric("throughput (req/s)", BatchSeries.THROUGHPUT, false, r -> true,
              r -> r.throughput().requestsPerS()));

  /**
   * One metric's verdict.
   *
   * @param gap the runner-up's batch (or seed) values minus the winner's, signed so that positive
   *     favours the winner; null when there was nothing to pair
   * @param basis what the interval is over, e.g. "20 batches of 2.5 s"
   */
  public record Line(
      String metric,
      String winner,
      double winnerValue,
      String runnerUp,
      double runnerUpValue,
      PairedDifference gap,
      String basis) {

    public boolean beyondNoise() {
      return gap != null && gap.aboveZero();
    }

    String gapText() {
      if (gap == null || Double.isNaN(gap.halfWidth())) {
        return "no noise estimate (" + basis + ")";
      }
      // A lead a million times smaller than its interval is rounding in the sums (two strategies
      // with the same figure in every batch), not a lead: print it as 0.
      double mean = Math.abs(gap.mean()) < 1e-6 * gap.halfWidth() ? 0 : gap.mean();
      return String.format(Locale.ROOT, "%s ± %s", Numbers.readable(mean),
          Numbers.readable(gap.halfWidth()));
    }

    String noiseText() {
      if (gap == null || Double.isNaN(gap.halfWidth())) {
        return "unknown";
      }
      return beyondNoise() ? "yes" : "no";
    }
  }

  private Verdict() {}

  /** One line per headline metric that every run measured; empty with fewer than two strategies. */
  public static List<Line> lines(List<SimulationResult> results) {
    Map<String, List<SimulationResult>> byStrategy = new LinkedHashMap<>();
    for (SimulationResult result : results) {
      byStrategy.computeIfAbsent(result.strategy(), k -> new ArrayList<>()).add(result);
    }
    List<Line> lines = new ArrayList<>();
    if (byStrategy.size() < 2) {
      return lines;
    }
    boolean overSeeds = sameSeeds(byStrategy);
    for (Metric metric : METRICS) {
      if (!results.stream().allMatch(metric.measured())) {
        continue;
      }
      List<String> ranked = new ArrayList<>(byStrategy.keySet());
      Comparator<String> order =
          Comparator.comparingDouble(s -> overall(metric, byStrategy.get(s)));
      ranked.sort(metric.lowerWins() ? order : order.reversed()); // stable: ties keep input order
      String winner = ranked.get(0);
      String runnerUp = ranked.get(1);
      List<SimulationResult> w = byStrategy.get(winner);
      List<SimulationResult> r = byStrategy.get(runnerUp);
      PairedDifference gap;
      String basis;
      if (overSeeds) {
        gap = signed(metric, perSeed(metric, r), perSeed(metric, w));
        basis = w.size() + " seeds";
      } else {
        BatchSeries a = w.get(0).batches();
        BatchSeries b = r.get(0).batches();
        boolean aligned =
            a.recorded() && b.recorded() && a.firstS() == b.firstS() && a.batchS() == b.batchS();
        gap = aligned ? signed(metric, b.of(metric.batchKey()), a.of(metric.batchKey())) : null;
        basis =
            aligned
                ? a.of(metric.batchKey()).length + " batches of " + Numbers.readable(a.batchS()) + " s"
                : "runs without common time batches";
      }
      lines.add(
          new Line(metric.label(), winner, overall(metric, w), runnerUp, overall(metric, r), gap,
              basis));
    }
    return lines;
  }

  /** runnerUp − winner when lower wins, winner − runnerUp when higher wins. */
  private static PairedDifference signed(Metric metric, double[] runnerUp, double[] winner) {
    return metric.lowerWins()
        ? PairedDifference.of(runnerUp, winner, CONFIDENCE)
        : PairedDifference.of(winner, runnerUp, CONFIDENCE);
  }

  private static double overall(Metric metric, List<SimulationResult> runs) {
    return runs.stream().mapToDouble(metric.overall()).average().orElse(Double.NaN);
  }

  private static double[] perSeed(Metric metric, List<SimulationResult> runs) {
    return runs.stream()
        .sorted(Comparator.comparingLong(SimulationResult::seed))
        .mapToDouble(metric.overall())
        .toArray();
  }

  /**
   * Whether {@code results} are seed replicates: two or more strategies, each run once on the same
   * two or more seeds (then the verdict pairs by seed).
   */
  public static boolean seedReplicates(List<SimulationResult> results) {
    Map<String, List<SimulationResult>> byStrategy = new LinkedHashMap<>();
    for (SimulationResult result : results) {
      byStrategy.computeIfAbsent(result.strategy(), k -> new ArrayList<>()).add(result);
    }
    return byStrategy.size() >= 2 && sameSeeds(byStrategy);
  }

  /** Every strategy ran the same set of two or more distinct seeds, once each. */
  private static boolean sameSeeds(Map<String, List<SimulationResult>> byStrategy) {
    List<Long> first = null;
    for (List<SimulationResult> runs : byStrategy.values()) {
      List<Long> seeds = runs.stream().map(SimulationResult::seed).sorted().toList();
      if (seeds.size() < 2 || seeds.stream().distinct().count() != seeds.size()) {
        return false;
      }
      if (first == null) {
        first = seeds;
      } else if (!first.equals(seeds)) {
        return false;
      }
    }
    return true;
  }

  /** The lines as text for stdout, below the comparison table; empty without a comparison. */
  public static String text(List<SimulationResult> results) {
    List<Line> lines = lines(results);
    if (lines.isEmpty()) {
      return "";
    }
    StringBuilder out =
        new StringBuilder(
            "winner per metric (lead: mean over batches or seeds of its margin on the runner-up,"
                + " 95% paired t interval):\n");
    for (Line line : lines) {
      out.append(String.format(Locale.ROOT, "  %-19s %s %s vs %s %s: lead %s, beyond noise: %s (%s)%n",
          line.metric(), line.winner(), Numbers.readable(line.winnerValue()), line.runnerUp(),
          Numbers.readable(line.runnerUpValue()), line.gapText(), line.noiseText(), line.basis()));
    }
    return out.toString();
  }

  /** The lines as an HTML table for the report's first screen. */
  static String html(List<SimulationResult> results) {
    List<Line> lines = lines(results);
    if (lines.isEmpty()) {
      return "<p>One strategy: nothing to compare.</p>\n";
    }
    StringBuilder html =
        new StringBuilder("<h2>Verdict</h2>\n<p>Winner per metric; its lead over the runner-up with a ")
            .append("95 % paired t interval: the mean, over time batches of the run (or over seeds), of ")
            .append("the runner-up's figure minus the winner's (docs/OUTPUTS.md, Verdict). ")
            .append("\"Beyond noise\" means the interval excludes zero.</p>\n<table>\n")
            .append("<tr><th>metric</th><th>winner</th>")
            .append("<th>value</th><th>runner-up</th><th>value</th><th>lead</th>")
            .append("<th>beyond noise</th><th>over</th></tr>\n");
    for (Line line : lines) {
      html.append("<tr><td>").append(HtmlReport.escape(line.metric()))
          .append("</td><td>").append(HtmlReport.escape(line.winner()))
          .append("</td><td>").append(Numbers.readable(line.winnerValue()))
          .append("</td><td>").append(HtmlReport.escape(line.runnerUp()))
          .append("</td><td>").append(Numbers.readable(line.runnerUpValue()))
          .append("</td><td>").append(HtmlReport.escape(line.gapText()))
          .append("</td><td>").append(line.noiseText())
          .append("</td><td>").append(HtmlReport.escape(line.basis()))
          .append("</td></tr>\n");
    }
    return html.append("</table>\n").toString();
  }
}
