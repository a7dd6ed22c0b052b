package dev.fabricplanner.strategy;

/** A user-style strategy found through META-INF/services: always the last node. */
public final class TestProvider implements StrategyProvider {
  static final String NAME = "test_last_node";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "always the last node (test only)";
  }

  @Override
  public RoutingStrategy create(StrategyContext context) {
    return (request, view) -> RoutingDecision.to(view.nodeCount() - 1);
  }
}
