package dev.fabricplanner.strategy.kvaware;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.strategy.ClusterView;
import dev.fabricplanner.strategy.RoutingDecision;
import dev.fabricplanner.strategy.RoutingRequest;
import dev.fabricplanner.strategy.RoutingStrategy;
import dev.fabricplanner.strategy.StrategyContext;
import dev.fabricplanner.strategy.builtin.SimpleProvider;
import dev.fabricplanner.strategy.kv.PrefixIndex;

/**
 * {@code cache_aware}, after SGLang's router: an approximate index of what it sent where (no KV
 * events), whose entries expire {@code eviction_interval_s} after they were last routed. The node
 * with the longest match wins when its match ratio (matched / prompt blocks) exceeds {@code
 * cache_threshold}; otherwise the least loaded node. Balance mode overrides both: when the chosen
 * node's published load exceeds the least loaded node's by more than {@code balance_abs_threshold}
 * requests and by more than {@code balance_rel_threshold} times, the least loaded node wins.
 */
public final class CacheAwareStrategy implements RoutingStrategy {
  public static final String CACHE_THRESHOLD = "cache_threshold";
  public static final String BALANCE_ABS_THRESHOLD = "balance_abs_threshold";
  public static final String BALANCE_REL_THRESHOLD = "balance_rel_threshold";
  public static final String EVICTION_INTERVAL_S = "eviction_interval_s";

  public static final SimpleProvider PROVIDER =
      new SimpleProvider(
          "cache_aware",
          "SGLang router: longest approximate prefix match if >= 30 %, else least loaded; balance mode",
          CacheAwareStrategy::create);

  private final double cacheThreshold;
  private final int balanceAbs;
  private final double balanceRel;
  private final PrefixIndex index;
  private final int[] matchNodes;
  private final int[] matchBlocks;

  private CacheAwareStrategy(
      double cacheThreshold, int balanceAbs, double balanceRel, double ttlMs, int nodes) {
    this.cacheThreshold = cacheThreshold;
    this.balanceAbs = balanceAbs;
    this.balanceRel = balanceRel;
    index = new PrefixIndex(nodes, ttlMs);
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
    int least = view.leastLoadedNode();
    int chosen = least;
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
    if (longest >= 0 && (double) longestBlocks / blocks > cacheThreshold) {
      chosen = longest;
    }
    if (chosen != least && least >= 0 && imbalanced(view.queueDepth(chosen), view.queueDepth(least))) {
      chosen = least;
    }
    if (chosen >= 0) {
      index.routed(chosen, request.promptBlocks(), now);
    }
    return RoutingDecision.to(chosen);
  }

  /** SGLang's test: the gap exceeds the absolute threshold and the ratio the relative one. */
  private boolean imbalanced(int load, int leastLoad) {
    return load - leastLoad > balanceAbs && load > balanceRel * leastLoad;
  }
}
