package dev.fabricplanner.sim.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fabricplanner.sim.ProgressListener;
import dev.fabricplanner.sim.Simulation;
import dev.fabricplanner.sim.config.ConfigLoader;
import dev.fabricplanner.sim.config.DisaggregationConfig;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.output.ResultJson;
import dev.fabricplanner.sim.result.SimulationResult;
import dev.fabricplanner.strategy.StrategyParams;
import dev.fabricplanner.strategy.StrategyRegistry;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DisaggregationTest {
  static final Path EXAMPLE = Path.of("..", "examples", "disaggregated.yaml");
  static final String RECORDS = Path.of("..", "examples", "records").toString();

  static SimulationConfig example(List<String> disabled) throws Exception {
    SimulationConfig config = ConfigLoader.load(EXAMPLE);
    DisaggregationConfig d = config.disaggregation().orElseThrow();
    return config.withDisaggregation(d.withRecords(RECORDS).withDisabledTransports(disabled));
  }

  static SimulationResult run(SimulationConfig config, String strategy) throws Exception {
    return Simulation.run(config, strategy, StrategyRegistry.fromClassPath().find(strategy),
        StrategyParams.none(strategy), ProgressListener.NONE);
  }

  @Test
  void exampleRuns() throws Exception {
    SimulationResult result = run(example(List.of()), "pd_load");
    System.out.println(ResultJson.render(result));
    assertTrue(result.invariantsHold());
  }
}
