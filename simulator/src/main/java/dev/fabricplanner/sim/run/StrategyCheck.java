package dev.fabricplanner.sim.run;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.strategy.StrategyContext;
import dev.fabricplanner.strategy.StrategyParams;
import dev.fabricplanner.strategy.StrategyProvider;
import dev.fabricplanner.strategy.StrategyRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Finds and builds every configured strategy once, against a stand-in fleet, before any simulation
 * runs: a misspelt strategy name or parameter is reported at once, every problem together, rather
 * than when that strategy's turn comes after the others have run for minutes.
 */
public final class StrategyCheck {
  private StrategyCheck() {}

  /** The providers, in the config's order, or every problem found. */
  public static List<StrategyProvider> resolve(SimulationConfig config, StrategyRegistry registry)
      throws InvalidInputException {
    List<String> problems = new ArrayList<>();
    List<StrategyProvider> providers = new ArrayList<>();
    StandInFleet fleet = new StandInFleet(config.topology().cells());
    for (String name : config.strategies()) {
      try {
        StrategyProvider provider = registry.find(name);
        StrategyParams params = new StrategyParams(name, config.paramsFor(name));
        provider.create(new StrategyContext(params, new SplittableRandom(config.seed()), fleet));
        providers.add(provider);
      } catch (InvalidInputException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    return providers;
  }
}
