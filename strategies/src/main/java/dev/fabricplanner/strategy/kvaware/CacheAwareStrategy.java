package dev.fabricplanner.strategy.kvaware;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.strategy.ClusterView;
import dev.fabricplanner.strategy.RoutingDecision;
import dev.fabricplanner.strategy.RoutingRequest;
import dev.fabricplanner.strategy.RoutingStrategy;
import dev.fabricplanner.strategy.StrategyContext;
import dev.fabricplanner.strategy.builtin.SimpleProvider;
import dev.fabricplanner.strategy.kv.NodeCounts;
import dev.fabricplanner.strategy.kv.PrefixIndex;

/**
 * {@code cache_aware}, after SGLang's router (sgl-router, the cache-aware policy): an approximate
 * index of what it sent where (no KV events), whose entries expire {@code eviction_interval_s} after
 * they were last routed, and its own count of the requests in flight at each node (up when it
 * forwards one, down when the answer ends: exact, not the engines' published queues).
 *
 * <p>When the fleet is imbalanced (the most loaded node has more than {@code balance_abs_threshold}
 * requests more than the least loaded and more than {@code balance_rel_threshold} times as many) the
 * least loaded node wins. Otherwise the node with the longest match wins when its match ratio
 * (matched / prompt blocks) exceeds {@code cache_threshold}, else the node whose index holds the
 * fewest blocks (SGLang's smallest tree: the most room for a new prefix).
 */
public final class CacheAwareStrategy implements RoutingStrategy {
  public static final String CACHE_THRESHOLD = "cache_threshold";
  public static final String BALANCE_ABS_THRESHOLD = "balance_abs_threshold";
  public static final String BALANCE_REL_THRESHOLD = "balance_rel_threshold";
  public static final String EVICTION_INTERVAL_S = "eviction_interval_s";

  public static final SimpleProvider PROVIDER =
      new SimpleProvider(
          "cache_aware",
          "SGLang router: longest approximate prefix match if > 30 %, else smallest tree; balance mode",
          CacheAwareStrategy::create);

  private final double cacheThreshold;
  private final int balanceAbs;
  private final double balanceRel;
  private final PrefixIndex index;
  /** Requests in flight per node, as the router counts them (SGLang's running_queue). */
  private final NodeCounts load;
  private final int[] matchNodes;
  private final int[] matchBlocks;

  private CacheAwareStrategy(
      double cacheThreshold, int balanceAbs, double balanceRel, double ttlMs, int nodes) {
    this.cacheThreshold = cacheThreshold;
    this.balanceAbs = balanceAbs;
    this.balanceRel = balanceRel;
    index = new PrefixIndex(nodes, ttlMs);
    load = new NodeCounts(nodes);
    matchNodes = new int[nodes];
    matchBlocks = new int[nodes];
  }

  private static CacheAwareStrategy create(StrategyContext context) throws InvalidInputException {
    var params = context.params();
    double threshold = params.number(CACHE_THRESHOLD, 0.3, 0, 1);
    int abs = params.integer(BALANCE_ABS_THRESHOLD, 64, 0, Integer.MAX_VALUE);
    double rel = params.number(BALANCE_REL_THRESHOLD, 1.5, 1, 1e6);
    double ttlS = params.number(EVICTION_INTERVAL_S, 120, 1e-3, 1e9);
    return new CacheAwareStrategy(threshold, abs, rel, ttlS * 1000, context.view().nodeCount());
  }

  @Override
  public RoutingDecision route(RoutingRequest request, ClusterView view) {
    double now = view.nowMs();
    index.expire(now);
    int least = load.least(view);
    if (least < 0) {
      return RoutingDecision.to(-1);
    }
    int chosen;
    if (imbalanced(load.most(view), load.of(least))) {
      chosen = least;
    } else {
      chosen = longestMatch(request, view);
      if (chosen < 0) {
        chosen = index.smallestNode(view);
      }
    }
    load.add(chosen);
    index.routed(chosen, request.promptBlocks(), now);
    return RoutingDecision.to(chosen);
  }

  /** The available node with the longest match if its ratio exceeds the threshold, else -1. */
  private int longestMatch(RoutingRequest request, ClusterView view) {
    int blocks = request.promptBlocks().count();
    int found = index.matches(request.promptBlocks(), matchNodes, matchBlocks);
    int longest = -1;
    int longestBlocks = 0;
    for (int i = 0; i < found; i++) {
      if (matchBlocks[i] > longestBlocks && view.isAvailable(matchNodes[i])) {
        longest = matchNodes[i];
        longestBlocks = matchBlocks[i];
      }
    }
    return longest >= 0 && (double) longestBlocks / blocks > cacheThreshold ? longest : -1;
  }

  @Override
  public void onRequestLeft(long requestId, int node) {
    load.remove(node);
  }

  /** SGLang's test: the gap exceeds the absolute threshold and the ratio the relative one. */
  private boolean imbalanced(int load, int leastLoad) {
    return load - leastLoad > balanceAbs && load > balanceRel * leastLoad;
  }
}
