package dev.fabricplanner.sim.fidelity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabricplanner.sim.output.CsvText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Every experiment's fidelity and the median error per metric, rendered as {@code fidelity.json} (the
 * contract in design.md), {@code fidelity.csv} (tidy rows) and a table for the terminal.
 *
 * <p>Medians are over whole-run summaries. {@code split} says how the execution model's calibration
 * relates to the experiments; {@code fittedOn} names those it was fitted on: they are marked
 * {@code "role":"fit"}, every other one {@code "held_out"}, and the {@code median_ape_pct_held_out}
 * block counts only the latter, the figure that says how the model generalizes.
 */
public final class FidelityReport {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final List<ExperimentFidelity> experiments;
  private final Set<String> fittedOn;
  private final String split;

  public FidelityReport(List<ExperimentFidelity> experiments, Set<String> fittedOn, String split) {
    this.experiments = List.copyOf(experiments);
    this.fittedOn = Set.copyOf(fittedOn);
    this.split = split;
  }

  private String role(ExperimentFidelity e) {
    return fittedOn.contains(e.id()) ? "fit" : "held_out";
  }

  public List<ExperimentFidelity> experiments() {
    return experiments;
  }

  /** Median APE of one metric over the ok experiments' summaries (held out only, if asked); NaN if none. */
  public double medianApePct(FidelityMetric metric, boolean heldOutOnly) {
    return medianApePct(metric, e -> !(heldOutOnly && fittedOn.contains(e.id())));
  }

  /** Median APE of one metric over the summaries of the ok experiments {@code which} keeps. */
  double medianApePct(FidelityMetric metric, Predicate<ExperimentFidelity> which) {
    double[] errors =
        experiments.stream()
            .filter(e -> e.ok() && which.test(e))
            .map(e -> e.summary().get(metric))
            .filter(c -> c != null && !Double.isNaN(c.apePct()))
            .mapToDouble(MetricComparison::apePct)
            .sorted()
            .toArray();
    return median(errors);
  }

  static double median(double[] sorted) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  public String json() {
    ObjectNode root = MAPPER.createObjectNode();
    ArrayNode list = root.putArray("experiments");
    for (ExperimentFidelity e : experiments) {
      ObjectNode node = list.addObject();
      node.put("id", e.id());
      node.put("status", e.ok() ? "ok" : "skipped");
      node.put("reason", e.reason());
      if (e.ok()) {
        node.put("role", role(e));
      }
      if (!e.summary().isEmpty()) {
        node.set("summary", metrics(e.summary()));
      }
      ArrayNode stages = node.putArray("stages");
      for (StageFidelity stage : e.stages()) {
        ObjectNode s = metrics(stage.metrics());
        s.put("stage_index", stage.stageIndex());
        s.put("simulated_s", stage.simulatedS());
        stages.add(s);
      }
      if (!e.percentiles().isEmpty()) {
        node.set("percentiles", comparisons(e.percentiles()));
      }
    }
    root.put("split", split);
    root.set("median_ape_pct", medians(false));
    root.set("median_ape_pct_held_out", medians(true));
    ArrayNode fitted = root.putArray("fitted_on");
    fittedOn.stream().sorted().forEach(fitted::add);
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (Exception e) {
      throw new IllegalStateException("a tree of plain values always serializes", e);
    }
  }

  private ObjectNode medians(boolean heldOutOnly) {
    ObjectNode medians = MAPPER.createObjectNode();
    for (FidelityMetric metric : FidelityMetric.values()) {
      double median = medianApePct(metric, heldOutOnly);
      if (Double.isNaN(median)) {
        medians.putNull(metric.key());
      } else {
        medians.put(metric.key(), median);
      }
    }
    return medians;
  }

  private static ObjectNode metrics(Map<FidelityMetric, MetricComparison> metrics) {
    ObjectNode node = MAPPER.createObjectNode();
    for (FidelityMetric metric : FidelityMetric.values()) {
      MetricComparison c = metrics.get(metric);
      if (c != null) {
        node.set(metric.key(), comparison(c));
      }
    }
    return node;
  }

  private static ObjectNode comparisons(Map<String, MetricComparison> byKey) {
    ObjectNode node = MAPPER.createObjectNode();
    byKey.keySet().stream().sorted().forEach(key -> node.set(key, comparison(byKey.get(key))));
    return node;
  }

  private static ObjectNode comparison(MetricComparison c) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("predicted", c.predicted());
    node.put("measured", c.measured());
    if (Double.isNaN(c.apePct())) {
      node.putNull("ape_pct");
    } else {
      node.put("ape_pct", c.apePct());
    }
    return node;
  }

  /** Tidy rows: id, status, role, scope (summary, stage N or percentiles), metric, figures. */
  public String csv() {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("experiment", "status", "role", "scope", "metric", "predicted", "measured",
        "ape_pct", "reason"));
    for (ExperimentFidelity e : experiments) {
      String status = e.ok() ? "ok" : "skipped";
      String role = e.ok() ? role(e) : "";
      if (!e.ok()) {
        rows.add(List.of(e.id(), status, role, "", "", "", "", "", e.reason()));
        continue;
      }
      e.summary().forEach((m, c) -> rows.add(row(e, status, role, "summary", m.key(), c)));
      for (StageFidelity stage : e.stages()) {
        stage.metrics().forEach(
            (m, c) -> rows.add(row(e, status, role, "stage " + stage.stageIndex(), m.key(), c)));
      }
      e.percentiles().keySet().stream().sorted().forEach(
          key -> rows.add(row(e, status, role, "percentiles", key, e.percentiles().get(key))));
    }
    return CsvText.of(rows);
  }

  private static List<String> row(
      ExperimentFidelity e, String status, String role, String scope, String metric,
      MetricComparison c) {
    return Arrays.asList(e.id(), status, role, scope, metric, number(c.predicted()),
        number(c.measured()), number(c.apePct()), e.reason());
  }

  private static String number(double value) {
    return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.3f", value);
  }

  /** The terminal table: one line per experiment with its whole-run (or first stage's) errors. */
  public String table() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%-52s %-8s %8s %8s %8s %8s %8s%n", "experiment", "role",
        "ttft%", "tpot%", "e2e%", "ttft90%", "e2e90%"));
    for (ExperimentFidelity e : experiments) {
      if (!e.ok()) {
        out.append(String.format(Locale.ROOT, "%-52s skipped: %s%n", e.id(), e.reason()));
        continue;
      }
      Map<FidelityMetric, MetricComparison> shown =
          !e.summary().isEmpty() || e.stages().isEmpty() ? e.summary() : e.stages().get(0).metrics();
      String role = role(e).replace('_', '-');
      out.append(String.format(Locale.ROOT, "%-52s %-8s", e.id(), role));
      for (FidelityMetric metric : FidelityMetric.values()) {
        MetricComparison c = shown.get(metric);
        out.append(String.format(Locale.ROOT, " %8s", c == null ? "-" : percent(c.apePct())));
      }
      out.append(e.summary().isEmpty() && !e.stages().isEmpty() ? "  (stage 0 only)" : "");
      out.append(e.overloaded() ? "  (overloaded)" : "");
      out.append('\n');
    }
    out.append("split: ").append(split).append('\n');
    Predicate<ExperimentFidelity> heldOut = e -> !fittedOn.contains(e.id());
    medianLine(out, "median APE", e -> true);
    medianLine(out, "median APE, held out", heldOut);
    // Saturated runs' means are of the requests served within the client's timeout: apart.
    medianLine(out, "  of which steady", heldOut.and(e -> !e.overloaded()));
    medianLine(out, "  of which overloaded", heldOut.and(ExperimentFidelity::overloaded));
    return out.toString();
  }

  private void medianLine(StringBuilder out, String label, Predicate<ExperimentFidelity> which) {
    long runs = experiments.stream().filter(e -> e.ok() && !e.summary().isEmpty() && which.test(e))
        .count();
    out.append(String.format(Locale.ROOT, "%-61s", label + " (" + runs + " runs)"));
    for (FidelityMetric metric : FidelityMetric.values()) {
      out.append(String.format(Locale.ROOT, " %8s", percent(medianApePct(metric, which))));
    }
    out.append('\n');
  }

  private static String percent(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f", value);
  }
}
