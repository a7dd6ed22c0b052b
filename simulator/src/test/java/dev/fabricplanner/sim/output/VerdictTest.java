package dev.fabricplanner.sim.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fabricplanner.sim.result.BatchSeries;
import dev.fabricplanner.sim.result.SimulationResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerdictTest {
  private final SimulationResult fast = SampleResults.result("power_of_two", 99.5);
  private final SimulationResult slow = SampleResults.result("baseline_rr", 250.0);

  /** Every metric's batches at {@code level} plus {@code wobble} alternating in sign per batch. */
  private static BatchSeries flat(double level, double wobble) {
    Map<String, List<Double>> values = new LinkedHashMap<>();
    for (String key : BatchSeries.KEYS) {
      List<Double> series = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        series.add(level + (i % 2 == 0 ? wobble : -wobble));
      }
      values.put(key, series);
    }
    return new BatchSeries(10, 2.5, values);
  }

  private static Verdict.Line line(List<Verdict.Line> lines, String metric) {
    return lines.stream().filter(l -> l.metric().equals(metric)).findFirst().orElseThrow();
  }

  @Test
  void aConsistentLeadIsBeyondNoiseAndAWobblingOneIsNot() {
    // TTFT p99: power_of_two 99.5 against 250 overall; per batch 100 vs 103 +- 1: a lead of 3 +- ~0.5.
    List<Verdict.Line> clear =
        Verdict.lines(
            List.of(
                SampleResults.withBatches(slow, flat(103, 1)),
                SampleResults.withBatches(fast, flat(100, 0))));
    Verdict.Line ttft = line(clear, "TTFT p99 (ms)");
    assertThat(ttft.winner()).isEqualTo("power_of_two");
    assertThat(ttft.runnerUp()).isEqualTo("baseline_rr");
    assertThat(ttft.gap().mean()).isEqualTo(3.0);
    assertThat(ttft.beyondNoise()).isTrue();
    assertThat(ttft.basis()).isEqualTo("20 batches of 2.5 s");

    // The same overall figures, but batch to batch the runner-up is 3 better or 4 worse: noise.
    List<Verdict.Line> noisy =
        Verdict.lines(
            List.of(
                SampleResults.withBatches(slow, flat(100.5, 3.5)),
                SampleResults.withBatches(fast, flat(100, 0))));
    assertThat(line(noisy, "TTFT p99 (ms)").beyondNoise()).isFalse();
    assertThat(Verdict.text(List.of(slow, fast))).contains("TTFT p99 (ms)");
  }

  @Test
  void aLeadThatIsOnlyRoundingPrintsAsZero() {
    // Per batch the runner-up is 0.1 better or 0.1 worse: the differences sum to float dust, not 0.
    List<Verdict.Line> tied =
        Verdict.lines(
            List.of(
                SampleResults.withBatches(slow, flat(2.496, 0.1)),
                SampleResults.withBatches(fast, flat(2.496, 0))));
    Verdict.Line ttft = line(tied, "TTFT p99 (ms)");
    assertThat(ttft.gap().mean()).isNotEqualTo(0.0).isCloseTo(0.0, within(1e-12));
    assertThat(ttft.gapText()).startsWith("0 ± ");
    assertThat(ttft.beyondNoise()).isFalse();
  }

  @Test
  void higherThroughputWinsAndTheLeadIsSignedForTheWinner() {
    // Sample throughput is 1.5 req/s for both: the tie keeps input order, the first listed wins.
    SimulationResult more = SampleResults.withBatches(fast, flat(5, 0));
    SimulationResult less = SampleResults.withBatches(slow, flat(4, 0.1));
    Verdict.Line throughput = line(Verdict.lines(List.of(more, less)), "throughput (req/s)");
    assertThat(throughput.winner()).isEqualTo("power_of_two");
    assertThat(throughput.gap().mean()).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(throughput.beyondNoise()).isTrue();
  }

  @Test
  void severalSeedsArePairedBySeedInsteadOfBatches() {
    List<SimulationResult> runs = new ArrayList<>();
    long[] seeds = {1, 2, 3};
    double[] fastP99 = {90, 100, 95};
    double[] slowP99 = {130, 150, 140};
    for (int i = 0; i < 3; i++) {
      runs.add(reseed(SampleResults.result("power_of_two", fastP99[i]), seeds[i]));
      runs.add(reseed(SampleResults.result("baseline_rr", slowP99[i]), seeds[i]));
    }
    Verdict.Line e2e = line(Verdict.lines(runs), "E2E p99 (ms)");
    assertThat(e2e.basis()).isEqualTo("3 seeds");
    assertThat(e2e.winnerValue()).isEqualTo(95.0); // the mean over seeds
    assertThat(e2e.gap().mean()).isEqualTo(45.0);
    assertThat(e2e.beyondNoise()).isTrue();
  }

  @Test
  void resultsWithoutBatchesSayTheNoiseIsUnknown() {
    List<Verdict.Line> lines =
        Verdict.lines(
            List.of(
                SampleResults.withBatches(fast, BatchSeries.none()),
                SampleResults.withBatches(slow, BatchSeries.none())));
    assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l.noiseText()).isEqualTo("unknown"));
  }

  @Test
  void oneStrategyHasNothingToCompareAndTheReportOpensWithTheVerdict() {
    assertThat(Verdict.lines(List.of(fast))).isEmpty();
    assertThat(Verdict.text(List.of(fast))).isEmpty();
    String html = HtmlReport.render("t", List.of(fast, slow));
    assertThat(html.indexOf("<h2>Verdict</h2>")).isPositive().isLessThan(html.indexOf("<svg"));
    assertThat(html.indexOf("<h2>Verdict</h2>")).isLessThan(html.indexOf("<th>arrived</th>"));
  }

  private static SimulationResult reseed(SimulationResult r, long seed) {
    return new SimulationResult(
        r.strategy(), seed, r.simulatedSeconds(), r.requests(), r.requestsByType(), r.latencyMs(),
        r.ttftMs(), r.queueWaitMs(), r.serviceMs(), r.throughput(), r.gpu(), r.costPer1kTokens(),
        r.hedge(), r.events(), r.invariants(), r.latencyHistograms(), r.admission(), r.serving(),
        r.batches(), r.kvTransfer());
  }
}
