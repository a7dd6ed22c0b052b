package dev.fabricplanner.strategy.builtin;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.strategy.ClusterView;
import dev.fabricplanner.strategy.RoutingDecision;
import dev.fabricplanner.strategy.RoutingRequest;
import dev.fabricplanner.strategy.RoutingStrategy;
import dev.fabricplanner.strategy.StrategyContext;
import java.util.SplittableRandom;

/**
 * {@code power_of_two}: JSQ(d). Samples {@code d} distinct nodes uniformly and joins the one with the
 * least published load (queue depth over capacity); the first sampled wins ties. O(d) per decision.
 * Mitzenmacher's supermarket model: with d = 2 the queue-length tail falls doubly exponentially.
 */
public final class PowerOfDStrategy implements RoutingStrategy {
  public static final String D = "d";
  public static final int DEFAULT_D = 2;

  public static final SimpleProvider PROVIDER =
      new SimpleProvider(
          "power_of_two",
          "JSQ(d): least published load among d random nodes (d = 2 by default)",
          PowerOfDStrategy::create);

  private final int d;
  private final SplittableRandom random;
  private final int[] sampled;

  public PowerOfDStrategy(int d, SplittableRandom random) {
    this.d = d;
    this.random = random;
    this.sampled = new int[d];
  }

  private static PowerOfDStrategy create(StrategyContext context) throws InvalidInputException {
    int d = context.params().integer(D, DEFAULT_D, 1, 64);
    return new PowerOfDStrategy(d, context.random());
  }

  @Override
  public RoutingDecision route(RoutingRequest request, ClusterView view) {
    int nodes = view.nodeCount();
    int choices = Math.min(d, nodes);
    int best = -1;
    double bestLoad = Double.POSITIVE_INFINITY;
    for (int i = 0; i < choices; i++) {
      int node = drawDistinct(nodes, i);
      sampled[i] = node;
      if (!view.isAvailable(node)) {
        continue;
      }
      double load = (double) view.queueDepth(node) / view.capacity(node);
      if (load < bestLoad) {
        best = node;
        bestLoad = load;
      }
    }
    return RoutingDecision.to(best >= 0 ? best : view.leastLoadedNode());
  }

  /** A node not among the first {@code taken} samples (d is small, so a linear check is cheapest). */
  private int drawDistinct(int nodes, int taken) {
    while (true) {
      int node = random.nextInt(nodes);
      boolean seen = false;
      for (int j = 0; j < taken; j++) {
        seen |= sampled[j] == node;
      }
      if (!seen) {
        return node;
      }
    }
  }
}
