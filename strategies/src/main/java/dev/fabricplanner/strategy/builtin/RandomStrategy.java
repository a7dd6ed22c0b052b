package dev.fabricplanner.strategy.builtin;

import dev.fabricplanner.strategy.ClusterView;
import dev.fabricplanner.strategy.RoutingDecision;
import dev.fabricplanner.strategy.RoutingRequest;
import dev.fabricplanner.strategy.RoutingStrategy;
import java.util.SplittableRandom;

/** {@code random}: a node drawn uniformly at random, redrawn if it is published as down. */
public final class RandomStrategy implements RoutingStrategy {
  public static final SimpleProvider PROVIDER =
      new SimpleProvider(
          "random",
          "uniformly random node, blind to load",
          context -> new RandomStrategy(context.random()));

  private static final int MAX_DRAWS = 64;

  private final SplittableRandom random;

  public RandomStrategy(SplittableRandom random) {
    this.random = random;
  }

  @Override
  public RoutingDecision route(RoutingRequest request, ClusterView view) {
    for (int draw = 0; draw < MAX_DRAWS; draw++) {
      int node = random.nextInt(view.nodeCount());
      if (view.isAvailable(node)) {
        return RoutingDecision.to(node);
      }
    }
    return RoutingDecision.to(view.leastLoadedNode());
  }
}
