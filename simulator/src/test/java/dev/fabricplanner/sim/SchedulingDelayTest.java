package dev.fabricplanner.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fabricplanner.sim.config.ConfigLoader;
import dev.fabricplanner.sim.config.GpuCatalog;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.result.SimulationResult;
import org.junit.jupiter.api.Test;

/**
 * The scheduling delay is a term of the model: a lone request reaches its scheduler 5 ms + 2 µs per
 * prompt token after its node, and that shows in its TTFT and its scheduling delay, not its queue wait.
 */
class SchedulingDelayTest {
  @Test
  void aLoneRequestWaitsTheConfiguredDelayBeforeItsPrefillStep() throws Exception {
    String yaml =
        RooflineEngineTest.CONFIG
            .formatted("x")
            .replace("engine: { model: x, tp: 1 }",
                "engine: { scheduling_delay_ms: 5, scheduling_delay_us_per_token: 2 }");
    SimulationConfig config = ConfigLoader.parse(yaml, "x.yaml");
    SimulationResult result = TestConfigs.run(config, "random");
    double delay = 5 + 2 * 1000 / 1000.0;
    double prefill = 1000 * 1000.0 / GpuCatalog.H100.prefillTokensPerS();
    assertThat(result.ttftMs().get("all").p50()).isCloseTo(delay + prefill, within((delay + prefill) * 0.002));
    assertThat(result.serving().schedulingDelayMs().get("all").p50()).isCloseTo(delay, within(delay * 0.002));
    // Alone on its server, a request waits for no step (a rare overlap waits one decode step).
    assertThat(result.queueWaitMs().get("all").p50()).isZero();
    assertThat(result.invariantsHold()).as(result.invariants().toString()).isTrue();
  }
}
