package dev.fabricplanner.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabricplanner.sim.config.MigConfig;
import dev.fabricplanner.sim.config.ServiceModel;
import dev.fabricplanner.sim.result.SimulationResult;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void runs() {
    SimulationResult mm1 = TestConfigs.run(
        TestConfigs.queueing(1, 1, 1, 50, 10, ServiceModel.Kind.EXPONENTIAL, 2000, 100), "random");
    System.out.println(mm1.latencyMs() + " " + mm1.invariants() + " events " + mm1.events());
    SimulationResult llm = TestConfigs.run(
        TestConfigs.config(1, 60, 5, TestConfigs.mixedWorkload(40, 60), 4, 8,
            List.of(TestConfigs.h100(64, 8, 85.9), TestConfigs.a100(64)), MigConfig.disabled(),
            TestConfigs.WAN, TestConfigs.stale(100), Optional.empty()), "power_of_two");
    System.out.println(llm);
    assertThat(llm.invariantsHold()).isTrue();
  }
}
