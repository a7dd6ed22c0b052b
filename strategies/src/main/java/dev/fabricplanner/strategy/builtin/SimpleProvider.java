package dev.fabricplanner.strategy.builtin;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.strategy.RoutingStrategy;
import dev.fabricplanner.strategy.StrategyContext;
import dev.fabricplanner.strategy.StrategyProvider;

/**
 * A provider made of a name, a description and a constructor, for strategies with no ceremony. The
 * constructor reads its parameters; any key it did not read is then reported as unknown.
 */
public record SimpleProvider(String name, String description, Factory factory)
    implements StrategyProvider {

  /** Builds a strategy from its context; may reject parameters. */
  @FunctionalInterface
  public interface Factory {
    RoutingStrategy create(StrategyContext context) throws InvalidInputException;
  }

  @Override
  public RoutingStrategy create(StrategyContext context) throws InvalidInputException {
    RoutingStrategy strategy = factory.create(context);
    context.params().requireNoUnknownKeys();
    return strategy;
  }
}
