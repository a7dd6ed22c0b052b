package dev.fabricplanner.strategy.kvaware;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.strategy.ClusterView;
import dev.fabricplanner.strategy.RoutingDecision;
import dev.fabricplanner.strategy.RoutingRequest;
import dev.fabricplanner.strategy.RoutingStrategy;
import dev.fabricplanner.strategy.StrategyContext;
import dev.fabricplanner.strategy.builtin.SimpleProvider;

/**
 * {@code lmetric}, after LMetric (Zhang et al., 2026, arXiv:2603.15202): a node's score is the
 * product of a KV-cache indicator, the prefill tokens it would have to run if it took the request
 * (its published pending prefill tokens plus this prompt's tokens past its cached prefix, from the
 * precise index), and a load indicator, its published running batch size. The lowest product wins;
 * being a product, it needs no weights. When products tie (an idle node scores 0 whatever its
 * cache), the fewer prefill tokens win, then the lower node.
 */
public final class LMetricStrategy implements RoutingStrategy {
  public static final String SAMPLES = "samples";

  public static final SimpleProvider PROVIDER =
      new SimpleProvider(
          "lmetric",
          "LMetric: least (prefill tokens if routed here) x (running batch size), no weights",
          LMetricStrategy::create);

  private final KvCandidates candidates;

  private LMetricStrategy(int samples, StrategyContext context) {
    candidates = new KvCandidates(context.view().nodeCount(), samples, context.random());
  }

  private static LMetricStrategy create(StrategyContext context) throws InvalidInputException {
    return new LMetricStrategy(context.params().integer(SAMPLES, 2, 0, 64), context);
  }

  @Override
  public boolean readsKvEvents() {
    return true;
  }

  @Override
  public RoutingDecision route(RoutingRequest request, ClusterView view) {
    candidates.collect(request, view, null);
    if (candidates.count == 0) {
      return RoutingDecision.to(view.leastLoadedNode());
    }
    int blocks = request.promptBlocks().count();
    // Tokens per full block: the partial tail block is shorter than a block, so this is exact
    // whenever the tail has fewer tokens than the prompt has blocks, and close otherwise.
    long tokensPerBlock = blocks == 0 ? 0 : request.inputTokens() / blocks;
    int best = -1;
    double bestScore = Double.POSITIVE_INFINITY;
    long bestPrefill = Long.MAX_VALUE;
    for (int i = 0; i < candidates.count; i++) {
      int node = candidates.nodes[i];
      long prefill =
          view.prefillTokensPending(node)
              + Math.max(0, request.inputTokens() - candidates.matched[i] * tokensPerBlock);
      double score = (double) prefill * view.runningRequests(node);
      boolean better =
          score < bestScore
              || (score == bestScore
                  && (prefill < bestPrefill
                      || (prefill == bestPrefill && node < candidates.nodes[best])));
      if (better) {
        best = i;
        bestScore = score;
        bestPrefill = prefill;
      }
    }
    return RoutingDecision.to(candidates.nodes[best]);
  }
}
