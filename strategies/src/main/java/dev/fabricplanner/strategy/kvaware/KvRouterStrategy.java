package dev.fabricplanner.strategy.kvaware;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.strategy.ClusterView;
import dev.fabricplanner.strategy.RoutingDecision;
import dev.fabricplanner.strategy.RoutingRequest;
import dev.fabricplanner.strategy.RoutingStrategy;
import dev.fabricplanner.strategy.StrategyContext;
import dev.fabricplanner.strategy.builtin.SimpleProvider;
import java.util.SplittableRandom;

/**
 * {@code kv_router}, after NVIDIA Dynamo's KV router: a node's cost is {@code overlap_score_weight} x
 * the prompt blocks it would still have to prefill (those past its cached overlap, from the precise
 * index fed by KV events) + its potential active blocks: the distinct KV blocks of the requests this
 * router has in flight there, tracked by the router itself as Dynamo's active sequences are (added
 * when it routes a request, dropped when the request leaves), plus the prompt's blocks not among them.
 * The lowest cost wins; with a temperature above 0 the node is drawn by a softmax over the costs
 * normalised to [0, 1], from the strategy's seeded random.
 */
public final class KvRouterStrategy implements RoutingStrategy {
  public static final String OVERLAP_SCORE_WEIGHT = "overlap_score_weight";
  public static final String TEMPERATURE = "temperature";
  public static final String SAMPLES = "samples";

  public static final SimpleProvider PROVIDER =
      new SimpleProvider(
          "kv_router",
          "Dynamo KV router: least prefill-after-overlap x weight + decode blocks (precise KV index)",
          KvRouterStrategy::create);

  private final double overlapWeight;
  private final double temperature;
  private final SplittableRandom random;
  private final KvCandidates candidates;
  private final ActiveBlocks active;
  private final double[] cost;

  private KvRouterStrategy(double overlapWeight, double temperature, int samples, StrategyContext c) {
    this.overlapWeight = overlapWeight;
    this.temperature = temperature;
    this.random = c.random();
    int nodes = c.view().nodeCount();
    candidates = new KvCandidates(nodes, samples, c.random());
    active = new ActiveBlocks(nodes);
    cost = new double[nodes];
  }

  private static KvRouterStrategy create(StrategyContext context) throws InvalidInputException {
    double weight = context.params().number(OVERLAP_SCORE_WEIGHT, 1.0, 0, 1e6);
    double temperature = context.params().number(TEMPERATURE, 0.0, 0, 1e6);
    int samples = context.params().integer(SAMPLES, 2, 0, 64);
    return new KvRouterStrategy(weight, temperature, samples, context);
  }

  @Override
  public boolean readsKvEvents() {
    return true;
  }

  @Override
  public RoutingDecision route(RoutingRequest request, ClusterView view) {
    candidates.collect(request, view, null, active.least(view));
    if (candidates.count == 0) {
      return RoutingDecision.to(-1);
    }
    int promptBlocks = request.promptBlocks().count();
    for (int i = 0; i < candidates.count; i++) {
      int node = candidates.nodes[i];
      double potentialActive = active.of(node) + active.added(request, node);
      cost[i] = overlapWeight * (promptBlocks - candidates.matched[i]) + potentialActive;
    }
    int pick =
        temperature > 0
            ? Softmax.sampleLowest(cost, candidates.count, temperature, random)
            : Softmax.lowest(cost, candidates.count, candidates.nodes);
    int node = candidates.nodes[pick];
    active.routed(request, node);
    return RoutingDecision.to(node);
  }

  @Override
  public void onRequestLeft(long requestId, int node) {
    active.left(requestId);
  }
}
