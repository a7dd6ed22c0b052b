package dev.fabricplanner.strategy;

import dev.fabricplanner.core.InvalidInputException;

/**
 * Makes a routing strategy. Built-ins are listed in {@link StrategyRegistry}; a user's strategy ships
 * as a jar with a {@code META-INF/services/dev.fabricplanner.strategy.StrategyProvider} entry.
 */
public interface StrategyProvider {

  /** The name used in configs and on the command line, e.g. {@code power_of_two}. */
  String name();

  /** One line for listings and docs. */
  String description();

  /** A fresh strategy for one run; rejects bad parameters with a clear message. */
  RoutingStrategy create(StrategyContext context) throws InvalidInputException;
}
