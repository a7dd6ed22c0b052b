package dev.fabricplanner.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabricplanner.sim.config.ServiceModel.Kind;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.output.ResultJson;
import dev.fabricplanner.sim.output.Verdict;
import dev.fabricplanner.sim.result.BatchSeries;
import dev.fabricplanner.sim.result.SimulationResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A real run's verdict: 20 M/M/1 servers at load 0.85, random routing against least_queue. Theory
 * says random's sojourn is M/M/1's (6.7 mean service times) and joining the shortest queue cuts it
 * several-fold, so least_queue must win E2E p99 beyond noise; both see the same arrivals per batch.
 */
class VerdictRunTest {
  private static SimulationConfig config() {
    return TestConfigs.queueing(11, 20, 1, 0.85 * 20 * 1000 / 2.0, 2.0, Kind.EXPONENTIAL, 4, 0.4);
  }

  @Test
  void leastQueueBeatsRandomOnTailLatencyBeyondNoise() {
    SimulationResult random = TestConfigs.run(config(), "random");
    SimulationResult leastQueue = TestConfigs.run(config(), "least_queue");

    BatchSeries batches = random.batches();
    assertThat(batches.firstS()).isEqualTo(0.4);
    assertThat(batches.batchS()).isCloseTo(0.18, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(batches.of(BatchSeries.E2E_P99)).hasSize(20).doesNotContain(Double.NaN);
    // Batch throughputs add up to the run's completions over the measured window.
    double completions = 0;
    for (double perS : batches.of(BatchSeries.THROUGHPUT)) {
      completions += perS * batches.batchS();
    }
    assertThat(completions)
        .isCloseTo(random.throughput().requestsPerS() * 3.6, org.assertj.core.api.Assertions.within(1e-6));

    Verdict.Line e2e =
        Verdict.lines(List.of(random, leastQueue)).stream()
            .filter(l -> l.metric().equals("E2E p99 (ms)"))
            .findFirst()
            .orElseThrow();
    assertThat(e2e.winner()).isEqualTo("least_queue");
    assertThat(e2e.basis()).isEqualTo("20 batches of 0.18 s");
    assertThat(e2e.beyondNoise()).isTrue();
  }

  @Test
  void batchesAreTheSameBytesForTheSameSeed() {
    assertThat(ResultJson.render(TestConfigs.run(config(), "random")))
        .contains("\"batches\"")
        .isEqualTo(ResultJson.render(TestConfigs.run(config(), "random")));
  }
}
