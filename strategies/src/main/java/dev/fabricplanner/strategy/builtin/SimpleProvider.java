package dev.fabricplanner.strategy.builtin;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.strategy.RoutingStrategy;
import dev.fabricplanner.strategy.StrategyContext;
import dev.fabricplanner.strategy.StrategyProvider;

/** A provider made of a name, a description and a constructor, for strategies with no ceremony. */
public record SimpleProvider(String name, String description, Factory factory)
    implements StrategyProvider {

  /** Builds a strategy from its context; may reject parameters. */
  @FunctionalInterface
  public interface Factory {
    RoutingStrategy create(StrategyContext context) throws InvalidInputException;
  }

  @Override
  public RoutingStrategy create(StrategyContext context) throws InvalidInputException {
    return factory.create(context);
  }
}
