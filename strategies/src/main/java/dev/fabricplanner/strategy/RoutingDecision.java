package dev.fabricplanner.strategy;

/**
 * Where a request goes, and optionally when to send a hedge (a duplicate) if it has not completed.
 *
 * @param node the node index that serves the request
 * @param hedgeAfterMs delay after which a duplicate is sent; {@code NaN} means no hedge
 * @param decodeNode in a disaggregated fleet, the node that decodes once {@code node} has prefilled
 *     and its KV cache has landed; -1 when {@code node} serves the request whole
 */
public record RoutingDecision(int node, double hedgeAfterMs, int decodeNode) {

  public RoutingDecision(int node, double hedgeAfterMs) {
    this(node, hedgeAfterMs, -1);
  }

  /** Prefill on one node, decode on another (the same node: served whole). */
  public static RoutingDecision pair(int prefillNode, int decodeNode) {
    return new RoutingDecision(prefillNode, Double.NaN, decodeNode == prefillNode ? -1 : decodeNode);
  }

  public boolean disaggregated() {
    return decodeNode >= 0;
  }

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
