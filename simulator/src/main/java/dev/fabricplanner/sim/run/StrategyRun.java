package dev.fabricplanner.sim.run;

import dev.fabricplanner.sim.result.SimulationResult;

/**
 * One strategy's result and how long it took on the wall clock (kept out of the result itself, so
 * results stay byte-identical between runs).
 */
public record StrategyRun(SimulationResult result, double wallSeconds) {
  public double eventsPerSecond() {
    return wallSeconds > 0 ? result.events() / wallSeconds : 0;
  }
}
