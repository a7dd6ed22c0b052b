package dev.fabricplanner.strategy;

import dev.fabricplanner.core.InvalidInputException;
import java.util.Map;
import java.util.SplittableRandom;

/** Builds strategies over a test view and routes requests through them. */
public final class Strategies {
  private Strategies() {}

  public static RoutingStrategy create(
      StrategyProvider provider, Map<String, ?> params, ClusterView view) {
    try {
      return provider.create(
          new StrategyContext(new StrategyParams(provider.name(), params), new SplittableRandom(42), view));
    } catch (InvalidInputException e) {
      throw new IllegalStateException(e);
    }
  }

  public static RoutingRequest request(long id, int originCell) {
    return new RoutingRequest(id, RequestType.LLM, 0, originCell, 100, 400);
  }

  /** Completes a request at once with the given latency. */
  public static void complete(
      RoutingStrategy strategy, RoutingRequest request, int node, double latencyMs) {
    complete(strategy, request, node, latencyMs, 10);
  }

  /** Completes a request at once with the given latency and answer length. */
  public static void complete(
      RoutingStrategy strategy, RoutingRequest request, int node, double latencyMs, long outputTokens) {
    strategy.onCompletion(new CompletionFeedback(request, node, latencyMs, 0, outputTokens));
  }
}
