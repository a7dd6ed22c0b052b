package dev.fabricplanner.strategy;

/**
 * Outcome of a request a strategy routed, for strategies that learn from what they observe.
 *
 * @param request the request as it was routed
 * @param node the node that served it
 * @param latencyMs end-to-end latency
 * @param completedAtMs simulated completion time
 * @param outputTokens tokens the answer carried: known once the answer is back, never before
 */
public record CompletionFeedback(
    RoutingRequest request, int node, double latencyMs, double completedAtMs, long outputTokens) {}
