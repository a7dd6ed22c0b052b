package dev.fabricplanner.sim;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.strategy.ClusterView;
import dev.fabricplanner.strategy.RoutingDecision;
import dev.fabricplanner.strategy.RoutingRequest;
import dev.fabricplanner.strategy.RoutingStrategy;
import dev.fabricplanner.strategy.StrategyContext;
import dev.fabricplanner.strategy.StrategyProvider;
import java.util.ArrayList;
import java.util.List;

/** Wraps a strategy and records every request it routed and where it sent it, for tests. */
final class RecordingProvider implements StrategyProvider {
  /** matchedBlocks: the prompt's leading blocks the view says the chosen node caches. */
  record Routed(
      RoutingRequest request, double atMs, int node, double publishedLoad, int matchedBlocks) {}

  private final StrategyProvider delegate;
  final List<Routed> routed = new ArrayList<>();

  RecordingProvider(StrategyProvider delegate) {
    this.delegate = delegate;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public String description() {
    return "recording " + delegate.description();
  }

  @Override
  public RoutingStrategy create(StrategyContext context) throws InvalidInputException {
    RoutingStrategy inner = delegate.create(context);
    return new RoutingStrategy() {
      @Override
      public boolean readsKvEvents() {
        return true; // it records what the precise index says of each choice
      }

      @Override
      public RoutingDecision route(RoutingRequest request, ClusterView view) {
        RoutingDecision decision = inner.route(request, view);
        int node = decision.node();
        routed.add(new Routed(request, view.nowMs(), node,
            (double) view.queueDepth(node) / view.capacity(node),
            node < 0 ? 0 : view.matchedPrefixBlocks(request, node)));
        return decision;
      }
    };
  }
}
