package dev.fabricplanner.strategy;

/**
 * Where a request goes, and optionally when to send a hedge (a duplicate) if it has not completed.
 *
 * @param node the node index that serves the request
 * @param hedgeAfterMs delay after which a duplicate is sent; {@code NaN} means no hedge
 */
public record RoutingDecision(int node, double hedgeAfterMs) {

  public static RoutingDecision to(int node) {
    return new RoutingDecision(node, Double.NaN);
  }

  public static RoutingDecision toWithHedge(int node, double hedgeAfterMs) {
    if (!(hedgeAfterMs >= 0)) {
      throw new IllegalArgumentException("hedge delay must be >= 0 ms, got " + hedgeAfterMs);
    }
    return new RoutingDecision(node, hedgeAfterMs);
  }

  public boolean hedges() {
    return !Double.isNaN(hedgeAfterMs);
  }
}
