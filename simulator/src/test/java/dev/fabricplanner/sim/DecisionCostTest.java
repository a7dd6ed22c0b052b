package dev.fabricplanner.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fabricplanner.sim.config.ServiceModel;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.result.SimulationResult;
import org.junit.jupiter.api.Test;

/** decision_cost_us delays every dispatch by that much simulated time. */
class DecisionCostTest {

  @Test
  void eachDecisionDelaysDispatchByItsCost() {
    // M/D/1 with no network: without queueing change, every latency shifts by exactly the cost.
    SimulationConfig free =
        TestConfigs.queueing(5, 1, 1, 10, 10, ServiceModel.Kind.DETERMINISTIC, 200, 10);
    SimulationResult base = TestConfigs.run(free, "least_queue");
    SimulationResult costly = TestConfigs.run(free.withDecisionCostUs(2_500), "least_queue");
    assertThat(costly.invariantsHold()).as(costly.invariants().toString()).isTrue();
    assertThat(costly.requests().arrived()).isEqualTo(base.requests().arrived());
    // Arrivals and service are unchanged and every request waits the same extra 2.5 ms before it
    // reaches the queue, so the queue sees the same pattern shifted: waits and service are equal.
    assertThat(costly.queueWaitMs().get("all").mean())
        .isCloseTo(base.queueWaitMs().get("all").mean(), within(1e-6));
    assertThat(costly.latencyMs().get("all").mean())
        .isCloseTo(base.latencyMs().get("all").mean() + 2.5, within(0.01));
    assertThat(costly.latencyMs().get("all").p50())
        .isCloseTo(base.latencyMs().get("all").p50() + 2.5, within(0.05));
  }
}
