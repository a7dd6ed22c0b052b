package dev.fabricplanner.strategy.builtin;

import dev.fabricplanner.strategy.ClusterView;
import dev.fabricplanner.strategy.RoutingDecision;
import dev.fabricplanner.strategy.RoutingRequest;
import dev.fabricplanner.strategy.RoutingStrategy;

/** {@code baseline_rr}: every node in turn, skipping nodes published as down. Blind to load. */
public final class RoundRobinStrategy implements RoutingStrategy {
  public static final SimpleProvider PROVIDER =
      new SimpleProvider(
          "baseline_rr",
          "round robin over all nodes, blind to load",
          context -> new RoundRobinStrategy());

  /** After this many down nodes in a row, stop stepping and ask the index for a live one. */
  private static final int MAX_SKIPS = 64;

  private int next;

  @Override
  public RoutingDecision route(RoutingRequest request, ClusterView view) {
    int nodes = view.nodeCount();
    for (int attempt = 0; attempt < MAX_SKIPS; attempt++) {
      int node = next;
      next = (next + 1) % nodes;
      if (view.isAvailable(node)) {
        return RoutingDecision.to(node);
      }
    }
    return RoutingDecision.to(view.leastLoadedNode());
  }
}
