package dev.fabricplanner.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabricplanner.sim.config.ConfigLoader;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.result.InvariantCheck;
import dev.fabricplanner.sim.result.SimulationResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The shipped example configs run through the engine with every invariant holding. */
class ExampleConfigRunTest {
  static final Path EXAMPLES = Path.of("..", "examples");

  @Test
  void smallExampleRunsAndChecksItself() throws Exception {
    SimulationConfig config = ConfigLoader.load(EXAMPLES.resolve("small.yaml"));
    SimulationResult result = TestConfigs.run(config, "power_of_two");
    System.out.println("[example] small.yaml power_of_two: " + result.requests() + " events "
        + result.events() + " latency " + result.latencyMs().get("all"));
    assertThat(result.invariants()).extracting(InvariantCheck::name)
        .containsExactly("request_conservation", "causality", "clock_monotonic", "kv_conservation",
            "prefill_accounting", "littles_law");
    assertThat(result.invariantsHold()).as(result.invariants().toString()).isTrue();
    assertThat(result.latencyMs().keySet()).containsExactly("all", "llm", "vision", "asr");
    assertThat(result.requests().completed()).isGreaterThan(result.requests().arrived() * 9 / 10);
    assertThat(result.ttftMs().get("llm").p50()).isLessThan(result.latencyMs().get("llm").p50());
    assertThat(result.throughput().tokensPerS()).isPositive();
    assertThat(result.costPer1kTokens()).isPositive();
    assertThat(result.gpu().utilization()).isBetween(0.0, 1.0);
    assertThat(result.gpu().vramUtilization()).isBetween(0.0, 1.0);
  }

  /** examples/validation/mm1.yaml: W = 1 / (mu - lambda) = 33.33 ms; one long run, within 5%. */
  @Test
  void mm1ExampleMatchesTheory() throws Exception {
    SimulationConfig config = ConfigLoader.load(EXAMPLES.resolve("validation/mm1.yaml"));
    SimulationResult result = TestConfigs.run(config, "baseline_rr");
    assertThat(result.latencyMs().get("all").mean()).isCloseTo(100.0 / 3, org.assertj.core.data.Percentage.withPercentage(5));
    assertThat(result.queueWaitMs().get("all").mean()).isCloseTo(70.0 / 3, org.assertj.core.data.Percentage.withPercentage(7));
  }
}
