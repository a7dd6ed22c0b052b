package dev.fabricplanner.sim;

import dev.fabricplanner.strategy.ClusterView;
import dev.fabricplanner.strategy.RoutingDecision;
import dev.fabricplanner.strategy.RoutingRequest;
import dev.fabricplanner.strategy.RoutingStrategy;
import dev.fabricplanner.strategy.StrategyProvider;
import java.util.ArrayList;
import java.util.List;

/** Wraps a strategy and records every request it routed and where it sent it, for tests. */
final class RecordingProvider extends ObservingProvider {
  /** matchedBlocks: the prompt's leading blocks the view says the chosen node caches. */
  record Routed(
      RoutingRequest request, double atMs, int node, double publishedLoad, int matchedBlocks) {}

  final List<Routed> routed = new ArrayList<>();

  RecordingProvider(StrategyProvider delegate) {
    super(delegate);
  }

  @Override
  protected boolean readsKvEvents(RoutingStrategy strategy) {
    return true; // it records what the precise index says of each choice
  }

  @Override
  protected void routed(RoutingRequest request, ClusterView view, RoutingDecision decision) {
    int node = decision.node();
    routed.add(new Routed(request, view.nowMs(), node,
        (double) view.queueDepth(node) / view.capacity(node),
        node < 0 ? 0 : view.matchedPrefixBlocks(request, node)));
  }
}
