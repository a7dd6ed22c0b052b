package dev.fabricplanner.strategy;

import java.util.SplittableRandom;

/**
 * What a strategy is built with.
 *
 * @param params its parameters from the config
 * @param random its own random stream, seeded from the run's seed so results are reproducible
 * @param view the fleet as the strategy will see it (sizes are fixed for the run)
 */
public record StrategyContext(StrategyParams params, SplittableRandom random, ClusterView view) {}
