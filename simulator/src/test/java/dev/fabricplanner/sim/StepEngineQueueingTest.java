package dev.fabricplanner.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabricplanner.sim.config.Distribution;
import dev.fabricplanner.sim.config.GpuCatalog;
import dev.fabricplanner.sim.config.MigConfig;
import dev.fabricplanner.sim.config.SignalConfig;
import dev.fabricplanner.sim.result.SimulationResult;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The step engine configured as M/D/1, without the validation service model: one H100 running one
 * request at a time ({@code max_num_seqs} 1), every request a 500-token prompt and a one-token
 * answer, so each is served by exactly one prefill step of 500 x 1000 / 50,663 ms (a fixed service
 * time from the execution model) and waits FCFS for the steps before it. Pollaczek-Khinchine gives
 * W = rho / (2 mu (1 - rho)) + 1 / mu; the theory must lie in the 99% interval of 10 replications.
 */
class StepEngineQueueingTest {
  static final int REPLICATIONS = 10;
  static final double SERVICE_MS = 500 * 1000.0 / GpuCatalog.H100.prefillTokensPerS();

  @ParameterizedTest
  @ValueSource(doubles = {0.5, 0.8})
  void oneRequestAtATimeWithOneTokenAnswersIsMd1(double rho) {
    double rps = rho / SERVICE_MS * 1000;
    double durationS = 200;
    double[] means = new double[REPLICATIONS];
    for (int i = 0; i < REPLICATIONS; i++) {
      SimulationResult result =
          TestConfigs.run(
              TestConfigs.config(
                  3000 + i, durationS, durationS / 10,
                  TestConfigs.llmWorkload(
                      rps, durationS, new Distribution.Constant(500), new Distribution.Constant(1)),
                  1, 1, List.of(TestConfigs.h100(1, 0, 85.9)), MigConfig.disabled(),
                  TestConfigs.NO_NETWORK, SignalConfig.fresh(), Optional.empty()),
              "random");
      assertThat(result.invariantsHold()).as(result.invariants().toString()).isTrue();
      means[i] = result.latencyMs().get("all").mean();
    }
    ReplicationStats stats = ReplicationStats.of(means, 0.99);
    double theory = rho * SERVICE_MS / (2 * (1 - rho)) + SERVICE_MS;
    String line = stats.describe("step engine as M/D/1 rho=" + rho + " (ms)", theory);
    System.out.println("[validation] " + line);
    assertThat(stats.contains(theory)).as(line).isTrue();
  }
}
