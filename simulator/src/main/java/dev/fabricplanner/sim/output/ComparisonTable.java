package dev.fabricplanner.sim.output;

import dev.fabricplanner.sim.result.LatencySummary;
import dev.fabricplanner.sim.result.SimulationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One row per strategy with the figures people compare first: {@code comparison.csv} and the summary
 * table printed on stdout come from the same columns.
 */
public final class ComparisonTable {

  /** A column: its CSV name, its short table label and how to read it from a result. */
  private record Column(String name, String label, Function<SimulationResult, String> value) {}

  private static final List<Column> COLUMNS =
      List.of(
          new Column("strategy", "strategy", SimulationResult::strategy),
          count("arrived", "arrived", r -> r.requests().arrived()),
          count("completed", "done", r -> r.requests().completed()),
          count("dropped", "dropped", r -> r.requests().dropped()),
          count("failed", "failed", r -> r.requests().failed()),
          count("in_flight", "in flight", r -> r.requests().inFlight()),
          number("latency_p50_ms", "p50 ms", r -> all(r).p50()),
          number("latency_p95_ms", "p95 ms", r -> all(r).p95()),
          number("latency_p99_ms", "p99 ms", r -> all(r).p99()),
          number("latency_p999_ms", "p99.9 ms", r -> all(r).p999()),
          number("ttft_p50_ms", "TTFT p50", r -> r.ttftMs().get("all").p50()),
          number("ttft_p99_ms", "TTFT p99", r -> r.ttftMs().get("all").p99()),
          measured("tpot_p50_ms", "TPOT p50", r -> serving(r, r.serving().tpotMs().get("all").p50())),
          measured("tpot_p99_ms", "TPOT p99", r -> serving(r, r.serving().tpotMs().get("all").p99())),
          measured("itl_p99_ms", "ITL p99", r -> serving(r, r.serving().itlMs().p99())),
          number("queue_wait_p99_ms", "wait p99", r -> r.queueWaitMs().get("all").p99()),
          measured("preemptions", "preempt", r -> serving(r, r.serving().preemptions())),
          measured("prefix_hit_rate", "prefix hit", r -> serving(r, r.serving().prefixCacheHitRate())),
          number("requests_per_s", "req/s", r -> r.throughput().requestsPerS()),
          number("tokens_per_s", "tok/s", r -> r.throughput().tokensPerS()),
          number("gpu_utilization", "util", r -> r.gpu().utilization()),
          number("vram_utilization", "vram", r -> r.gpu().vramUtilization()),
          measured("prefill_busy", "prefill", r -> r.gpu().prefillBusy()),
          measured("prefill_busy_max", "pf max", r -> r.gpu().busiestPrefill()),
          number("cost_per_1k_tokens", "$/1k tok", SimulationResult::costPer1kTokens),
          count("hedge_issued", "hedges", r -> r.hedge().issued()),
          count("hedge_won", "hedge won", r -> r.hedge().won()),
          count("events", "events", SimulationResult::events),
          new Column("invariants", "invariants", r -> r.invariantsHold() ? "ok" : "VIOLATED"));

  private ComparisonTable() {}

  /** CSV rows, header first. */
  public static List<List<String>> csvRows(List<SimulationResult> results) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(COLUMNS.stream().map(Column::name).toList());
    for (SimulationResult result : results) {
      rows.add(COLUMNS.stream().map(column -> column.value().apply(result)).toList());
    }
    return rows;
  }

  /** A fixed-width text table for the terminal, a subset of the columns that fits 120 characters. */
  public static String text(List<SimulationResult> results) {
    List<String> shown =
        List.of("strategy", "completed", "dropped", "failed", "latency_p50_ms", "latency_p99_ms",
            "ttft_p99_ms", "requests_per_s", "gpu_utilization", "prefill_busy_max",
            "cost_per_1k_tokens", "invariants");
    List<Column> columns = COLUMNS.stream().filter(c -> shown.contains(c.name())).toList();
    List<List<String>> cells = new ArrayList<>();
    cells.add(columns.stream().map(Column::label).toList());
    for (SimulationResult result : results) {
      cells.add(columns.stream().map(c -> terminalCell(c.value().apply(result))).toList());
    }
    int[] widths = new int[columns.size()];
    for (List<String> row : cells) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : cells) {
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        out.append(i == 0 ? pad(cell, widths[i], false) : "  " + pad(cell, widths[i], true));
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static LatencySummary all(SimulationResult result) {
    return result.latencyMs().get("all");
  }

  private static Column count(String name, String label, Function<SimulationResult, Long> value) {
    return new Column(name, label, r -> Long.toString(value.apply(r)));
  }

  private static Column number(String name, String label, Function<SimulationResult, Double> value) {
    return new Column(name, label, r -> Numbers.format(value.apply(r)));
  }

  /**
   * A figure older saved results may lack (NaN): an empty CSV cell, which pandas and R read as
   * missing.
   */
  /** A step-engine figure, NaN (an empty cell) for results that did not record them. */
  private static double serving(SimulationResult result, double value) {
    return result.serving().recorded() ? value : Double.NaN;
  }

  private static Column measured(
      String name, String label, Function<SimulationResult, Double> value) {
    return new Column(name, label, r -> {
      double v = value.apply(r);
      return Double.isNaN(v) ? "" : Numbers.format(v);
    });
  }

  private static String terminalCell(String cell) {
    return cell.isEmpty() ? "-" : shorten(cell);
  }

  /** Terminal cells: three decimals for ordinary figures, four significant digits for small ones. */
  private static String shorten(String cell) {
    if (!cell.contains(".")) {
      return cell;
    }
    try {
      double value = Double.parseDouble(cell);
      String pattern = Math.abs(value) >= 1 ? "%.3f" : "%.4g";
      return String.format(java.util.Locale.ROOT, pattern, value);
    } catch (NumberFormatException e) {
      return cell;
    }
  }

  private static String pad(String cell, int width, boolean right) {
    String padding = " ".repeat(width - cell.length());
    return right ? padding + cell : cell + padding;
  }
}
