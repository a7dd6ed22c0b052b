package dev.fabricplanner.strategy.builtin;

import dev.fabricplanner.strategy.ClusterView;
import dev.fabricplanner.strategy.RoutingDecision;
import dev.fabricplanner.strategy.RoutingRequest;
import dev.fabricplanner.strategy.RoutingStrategy;

/**
 * {@code least_queue}: the node with the least published load (queue depth over capacity), from the
 * view's index in O(log N). With stale signals every request goes to the same node until the next
 * publication: the herding that sampling strategies avoid.
 */
public final class LeastQueueStrategy implements RoutingStrategy {
  public static final SimpleProvider PROVIDER =
      new SimpleProvider(
          "least_queue",
          "least published queue depth per slot, fleet-wide",
          context -> new LeastQueueStrategy());

  @Override
  public RoutingDecision route(RoutingRequest request, ClusterView view) {
    return RoutingDecision.to(view.leastLoadedNode());
  }
}
