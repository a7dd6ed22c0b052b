package dev.fabricplanner.sim.fidelity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FidelityReportTest {
  private static ExperimentFidelity ok(String id, double e2ePredicted) {
    Map<FidelityMetric, MetricComparison> summary =
        Map.of(FidelityMetric.E2E_MEAN, new MetricComparison(e2ePredicted, 100),
            FidelityMetric.TTFT_MEAN, new MetricComparison(30, 20));
    return new ExperimentFidelity(id, true, "", false, summary,
        List.of(new StageFidelity(0, summary, 600)), Map.of());
  }

  @Test
  void apeIsAbsoluteAndRelativeToTheMeasuredFigure() {
    assertEquals(10.0, new MetricComparison(90, 100).apePct(), 1e-12);
    assertEquals(10.0, new MetricComparison(110, 100).apePct(), 1e-12);
    assertTrue(Double.isNaN(new MetricComparison(1, 0).apePct()));
  }

  @Test
  void jsonFollowsTheContractAndMediansCountOnlyWhatWasPredicted() throws Exception {
    FidelityReport report = new FidelityReport(
        List.of(ok("a", 110), ok("b", 80), ok("c", 105),
            ExperimentFidelity.skipped("d", "unknown model foo")),
        Set.of("a"), "test split");
    JsonNode root = new ObjectMapper().readTree(report.json());
    JsonNode first = root.get("experiments").get(0);
    assertEquals("ok", first.get("status").asText());
    assertEquals("fit", first.get("role").asText());
    assertEquals(110.0, first.at("/summary/e2e_mean_ms/predicted").asDouble());
    assertEquals(100.0, first.at("/summary/e2e_mean_ms/measured").asDouble());
    assertEquals(10.0, first.at("/summary/e2e_mean_ms/ape_pct").asDouble(), 1e-9);
    assertEquals(0, first.at("/stages/0/stage_index").asInt());
    JsonNode skipped = root.get("experiments").get(3);
    assertEquals("skipped", skipped.get("status").asText());
    assertEquals("unknown model foo", skipped.get("reason").asText());
    // Errors 10, 20, 5: median 10 over all, (20 + 5) / 2 over the two held out.
    assertEquals(10.0, root.at("/median_ape_pct/e2e_mean_ms").asDouble(), 1e-9);
    assertEquals(12.5, root.at("/median_ape_pct_held_out/e2e_mean_ms").asDouble(), 1e-9);
    assertTrue(root.at("/median_ape_pct/tpot_mean_ms").isNull());
  }

  @Test
  void theTableReportsOverloadedRunsApart() {
    ExperimentFidelity steady = ok("a", 110);
    ExperimentFidelity saturated = ok("b", 150);
    saturated = new ExperimentFidelity("b", true, "", true, saturated.summary(),
        saturated.stages(), Map.of());
    String table = new FidelityReport(List.of(steady, saturated), Set.of(), "test split").table();
    assertTrue(table.contains("(overloaded)"), table);
    // E2E errors 10 % and 50 %: the median of both, then each on its own line.
    assertTrue(table.lines().anyMatch(l -> l.startsWith("median APE, held out (2 runs)")
        && l.contains(" 30.0 ")), table);
    assertTrue(table.lines().anyMatch(l -> l.startsWith("  of which steady (1 runs)")
        && l.contains(" 10.0 ")), table);
    assertTrue(table.lines().anyMatch(l -> l.startsWith("  of which overloaded (1 runs)")
        && l.contains(" 50.0 ")), table);
  }

  @Test
  void csvHasOneRowPerFigureAndTheSkippedRunWithItsReason() {
    FidelityReport report = new FidelityReport(
        List.of(ok("a", 110), ExperimentFidelity.skipped("d", "no rate")), Set.of(), "test split");
    List<String> lines = report.csv().lines().toList();
    assertEquals("experiment,status,role,scope,metric,predicted,measured,ape_pct,reason", lines.get(0));
    assertEquals(1 + 2 + 2 + 1, lines.size());
    assertTrue(lines.contains("d,skipped,,,,,,,\"no rate\""), lines.toString());
    assertTrue(lines.contains("a,ok,held_out,summary,e2e_mean_ms,110.000,100.000,10.000,"), lines.toString());
  }
}
