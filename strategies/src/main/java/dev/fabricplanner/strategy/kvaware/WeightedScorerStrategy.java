package dev.fabricplanner.strategy.kvaware;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.strategy.ClusterView;
import dev.fabricplanner.strategy.RoutingDecision;
import dev.fabricplanner.strategy.RoutingRequest;
import dev.fabricplanner.strategy.RoutingStrategy;
import dev.fabricplanner.strategy.StrategyContext;
import dev.fabricplanner.strategy.builtin.SimpleProvider;
import dev.fabricplanner.strategy.kv.PrefixIndex;
import java.util.List;

/**
 * {@code weighted_scorer}, after llm-d's inference scheduler: each candidate gets a weighted sum of
 * scores in [0, 1] and the highest wins (ties to the lowest node). Prefix score: the share of the
 * prompt's blocks the node holds; KV score: 1 - published KV-cache usage; queue score: the node's
 * waiting requests min-max normalised over the candidates (fewest = 1). In {@code precise} mode the
 * prefix score reads the index fed by the servers' KV events; in {@code approximate} mode the
 * strategy keeps its own index from where it sent each prompt, capped per node by LRU.
 */
public final class WeightedScorerStrategy implements RoutingStrategy {
  public static final String MODE = "mode";
  public static final String PREFIX_WEIGHT = "prefix_weight";
  public static final String KV_USAGE_WEIGHT = "kv_usage_weight";
  public static final String QUEUE_WEIGHT = "queue_weight";
  public static final String LRU_CAPACITY = "lru_capacity_per_server";
  public static final String SAMPLES = "samples";

  public static final SimpleProvider PROVIDER =
      new SimpleProvider(
          "weighted_scorer",
          "llm-d scorers: 3 x prefix match + 2 x free KV + 2 x short queue (approximate or precise)",
          WeightedScorerStrategy::create);

  private final double prefixWeight;
  private final double kvWeight;
  private final double queueWeight;
  /** Own index from routing history (approximate mode); null in precise mode. */
  private final PrefixIndex ownIndex;
  private final int lruCapacity;
  private final KvCandidates candidates;

  private WeightedScorerStrategy(
      double prefixWeight,
      double kvWeight,
      double queueWeight,
      boolean approximate,
      int lruCapacity,
      int samples,
      StrategyContext context) {
    this.prefixWeight = prefixWeight;
    this.kvWeight = kvWeight;
    this.queueWeight = queueWeight;
    int nodes = context.view().nodeCount();
    this.ownIndex = approximate ? new PrefixIndex(nodes) : null;
    this.lruCapacity = lruCapacity;
    candidates = new KvCandidates(nodes, samples, context.random());
  }

  private static WeightedScorerStrategy create(StrategyContext context)
      throws InvalidInputException {
    var params = context.params();
    String mode = params.choice(MODE, "approximate", List.of("approximate", "precise"));
    double prefix = params.number(PREFIX_WEIGHT, 3, 0, 1e6);
    double kv = params.number(KV_USAGE_WEIGHT, 2, 0, 1e6);
    double queue = params.number(QUEUE_WEIGHT, 2, 0, 1e6);
    int lru = params.integer(LRU_CAPACITY, 31_250, 1, Integer.MAX_VALUE);
    int samples = params.integer(SAMPLES, 2, 0, 64);
    return new WeightedScorerStrategy(
        prefix, kv, queue, mode.equals("approximate"), lru, samples, context);
  }

  @Override
  public boolean readsKvEvents() {
    return ownIndex == null;
  }

  @Override
  public RoutingDecision route(RoutingRequest request, ClusterView view) {
    candidates.collect(request, view, ownIndex);
    if (candidates.count == 0) {
      return RoutingDecision.to(view.leastLoadedNode());
    }
    int minQueue = Integer.MAX_VALUE;
    int maxQueue = Integer.MIN_VALUE;
    for (int i = 0; i < candidates.count; i++) {
      int waiting = view.waitingRequests(candidates.nodes[i]);
      minQueue = Math.min(minQueue, waiting);
      maxQueue = Math.max(maxQueue, waiting);
    }
    int blocks = request.promptBlocks().count();
    int best = -1;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < candidates.count; i++) {
      int node = candidates.nodes[i];
      double prefix = blocks == 0 ? 0 : (double) candidates.matched[i] / blocks;
      double kv = 1 - view.kvCacheUsage(node);
      double queue =
          maxQueue == minQueue
              ? 1
              : (double) (maxQueue - view.waitingRequests(node)) / (maxQueue - minQueue);
      double score = prefixWeight * prefix + kvWeight * kv + queueWeight * queue;
      if (score > bestScore || (score == bestScore && node < candidates.nodes[best])) {
        best = i;
        bestScore = score;
      }
    }
    int node = candidates.nodes[best];
    if (ownIndex != null) {
      ownIndex.routed(node, request.promptBlocks(), view.nowMs());
      ownIndex.trim(node, lruCapacity);
    }
    return RoutingDecision.to(node);
  }
}
