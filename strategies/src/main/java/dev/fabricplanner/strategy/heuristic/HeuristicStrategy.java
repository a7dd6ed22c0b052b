package dev.fabricplanner.strategy.heuristic;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.strategy.ClusterView;
import dev.fabricplanner.strategy.CompletionFeedback;
import dev.fabricplanner.strategy.RoutingDecision;
import dev.fabricplanner.strategy.RoutingRequest;
import dev.fabricplanner.strategy.RoutingStrategy;
import dev.fabricplanner.strategy.StrategyContext;
import dev.fabricplanner.strategy.builtin.SimpleProvider;
import dev.fabricplanner.strategy.observed.NodeLatency;
import java.util.SplittableRandom;

/**
 * {@code heuristic}: samples {@code d} nodes fleet-wide and takes the least weighted score of queue,
 * VRAM, utilization and observed latency, blind to the network:
 *
 * <pre>
 *   score = queue_weight × (q + 1) / c + vram_weight × vram + utilization_weight × util
 *         + p95_weight × min(2, recent latency of the node / fleet's observed p95)
 * </pre>
 *
 * O(d) per decision.
 */
public final class HeuristicStrategy implements RoutingStrategy {
  public static final SimpleProvider PROVIDER =
      new SimpleProvider(
          "heuristic",
          "weighted queue, VRAM, utilization and observed p95 over d sampled nodes, network-blind",
          HeuristicStrategy::create);

  private final int d;
  private final double queueWeight;
  private final double vramWeight;
  private final double utilizationWeight;
  private final double p95Weight;
  private final SplittableRandom random;
  private final NodeLatency latency;

  private HeuristicStrategy(
      int d, double queueWeight, double vramWeight, double utilizationWeight, double p95Weight,
      int window, SplittableRandom random, int nodes) {
    this.d = d;
    this.queueWeight = queueWeight;
    this.vramWeight = vramWeight;
    this.utilizationWeight = utilizationWeight;
    this.p95Weight = p95Weight;
    this.random = random;
    this.latency = new NodeLatency(nodes, window);
  }

  private static HeuristicStrategy create(StrategyContext context) throws InvalidInputException {
    var p = context.params();
    return new HeuristicStrategy(
        p.integer("d", 4, 1, 64),
        p.number("queue_weight", 1.0, 0, 100),
        p.number("vram_weight", 0.5, 0, 100),
        p.number("utilization_weight", 0.5, 0, 100),
        p.number("p95_weight", 0.5, 0, 100),
        p.integer("p95_window", 1000, 10, 10_000_000),
        context.random(),
        context.view().nodeCount());
  }

  /** The score of the class comment; lower is better. */
  double score(ClusterView view, int node) {
    return queueWeight * (view.queueDepth(node) + 1.0) / view.capacity(node)
        + vramWeight * view.vramUtilization(node)
        + utilizationWeight * view.utilization(node)
        + p95Weight * latency.relativeToFleetP95(node);
  }

  @Override
  public RoutingDecision route(RoutingRequest request, ClusterView view) {
    int nodes = view.nodeCount();
    int best = -1;
    double bestScore = Double.POSITIVE_INFINITY;
    for (int i = 0; i < d; i++) {
      int node = random.nextInt(nodes);
      if (!view.isAvailable(node)) {
        continue;
      }
      double score = score(view, node);
      if (score < bestScore) {
        best = node;
        bestScore = score;
      }
    }
    return RoutingDecision.to(best >= 0 ? best : view.leastLoadedNode());
  }

  @Override
  public void onCompletion(CompletionFeedback feedback) {
    latency.observe(feedback);
  }
}
