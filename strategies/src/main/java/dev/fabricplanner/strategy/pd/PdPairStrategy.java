package dev.fabricplanner.strategy.pd;

import dev.fabricplanner.strategy.ClusterView;
import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.strategy.RoutingDecision;
import dev.fabricplanner.strategy.RoutingRequest;
import dev.fabricplanner.strategy.RoutingStrategy;
import dev.fabricplanner.strategy.StrategyParams;
import dev.fabricplanner.strategy.builtin.SimpleProvider;

/**
 * Routers for a disaggregated fleet: each picks a prefill node and a decode node (as Dynamo's and
 * llm-d's P/D routers do), scanning the fleet once per decision.
 *
 * <ul>
 *   <li>{@code pd_load}: the prefill node and the decode node with the least published load
 *       (queue depth per slot); ties to the lowest index.
 *   <li>{@code pd_prefix}: the prefill node holding the most leading blocks of the prompt in its
 *       prefix cache (ties by load); the decode node by load.
 *   <li>{@code pd_transport}: the prefill node by load; the decode node minimising
 *       {@code load_weight_ms} x load + the pair's expected KV transfer time, so a decode node across
 *       a slow transport has to be that much less loaded to be chosen.
 * </ul>
 */
public final class PdPairStrategy implements RoutingStrategy {
  private enum Mode { LOAD, PREFIX, TRANSPORT }

  public static final SimpleProvider LOAD =
      new SimpleProvider("pd_load", "P/D pair: least-loaded prefill node and decode node",
          context -> new PdPairStrategy(Mode.LOAD, 0));
  public static final SimpleProvider PREFIX =
      new SimpleProvider("pd_prefix",
          "P/D pair: prefill node with the longest cached prefix, decode node by load",
          context -> new PdPairStrategy(Mode.PREFIX, 0));
  public static final SimpleProvider TRANSPORT =
      new SimpleProvider("pd_transport",
          "P/D pair: prefill by load, decode by load_weight_ms x load + expected KV transfer ms",
          context -> new PdPairStrategy(Mode.TRANSPORT, loadWeightMs(context.params())));

  private final Mode mode;
  private final double loadWeightMs;

  private PdPairStrategy(Mode mode, double loadWeightMs) {
    this.mode = mode;
    this.loadWeightMs = loadWeightMs;
  }

  private static double loadWeightMs(StrategyParams params) throws InvalidInputException {
    return params.number("load_weight_ms", 100, 0, 1e9);
  }

  @Override
  public RoutingDecision route(RoutingRequest request, ClusterView view) {
    int prefill = -1;
    double bestLoad = Double.POSITIVE_INFINITY;
    int bestBlocks = -1;
    for (int n = 0; n < view.nodeCount(); n++) {
      if (!view.isAvailable(n) || !view.prefills(n)) {
        continue;
      }
      double load = load(view, n);
      int blocks = mode == Mode.PREFIX ? view.matchedPrefixBlocks(request, n) : 0;
      if (blocks > bestBlocks || blocks == bestBlocks && load < bestLoad) {
        prefill = n;
        bestLoad = load;
        bestBlocks = blocks;
      }
    }
    if (prefill < 0) {
      return RoutingDecision.to(-1);
    }
    int decode = -1;
    double bestCost = Double.POSITIVE_INFINITY;
    for (int n = 0; n < view.nodeCount(); n++) {
      if (!view.isAvailable(n) || !view.decodes(n)) {
        continue;
      }
      double cost = mode == Mode.TRANSPORT
          ? loadWeightMs * load(view, n) + view.kvTransferMs(prefill, n, (int) request.inputTokens())
          : load(view, n);
      if (cost < bestCost) {
        decode = n;
        bestCost = cost;
      }
    }
    return decode < 0 ? RoutingDecision.to(-1) : RoutingDecision.pair(prefill, decode);
  }

  /** pd_prefix reads the precise KV index; without this the simulator would keep none. */
  @Override
  public boolean readsKvEvents() {
    return mode == Mode.PREFIX;
  }

  private static double load(ClusterView view, int node) {
    return (double) view.queueDepth(node) / Math.max(1, view.capacity(node));
  }
}
