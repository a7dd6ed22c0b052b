package dev.fabricplanner.sim.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabricplanner.sim.result.SimulationResult;
import dev.fabricplanner.strategy.StrategyRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every built-in strategy runs a loaded, stale, partly slowed fleet: results are reproducible, every
 * request is accounted for, and only {@code mesh_hedge} hedges.
 */
class EveryStrategyTest {
  private static final List<String> BUILT_IN =
      List.of(
          "baseline_rr", "random", "least_queue", "power_of_two", "heuristic", "mesh", "mesh_hedge",
          "mesh_stale", "adaptive_mesh", "predictive_mesh", "hybrid_mesh", "rls_mesh",
          "ml_enhanced_mesh");

  @Test
  void everyBuiltInIsReproducibleAndAccountsForEveryRequest() {
    assertThat(StrategyRegistry.fromClassPath().names()).containsAll(BUILT_IN);
    Scenario scenario = new Scenario();
    scenario.durationS = 4;
    scenario.signals = Scenario.stale(100);
    scenario.arrival = "{ type: poisson, rps: " + scenario.rpsForLoad(0.6) + " }";
    scenario.faults = "[{ at_s: 1, kind: slowdown, fraction: 0.1, factor: 5 }]";
    for (String name : BUILT_IN) {
      SimulationResult first = scenario.run(name).result;
      SimulationResult second = scenario.run(name).result;
      assertThat(second.toString()).as(name).isEqualTo(first.toString());
      assertThat(first.invariantsHold()).as(name + " " + first.invariants()).isTrue();
      var requests = first.requests();
      assertThat(requests.completed() + requests.dropped() + requests.failed() + requests.inFlight())
          .as(name).isEqualTo(requests.arrived());
      assertThat(requests.completed()).as(name).isGreaterThan(requests.arrived() / 2);
      if (name.equals("mesh_hedge")) {
        assertThat(first.hedge().issued()).as(name).isPositive();
      } else {
        assertThat(first.hedge().issued()).as(name).isZero();
      }
    }
  }
}
