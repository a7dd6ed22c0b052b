package dev.fabricplanner.strategy;

/**
 * What a strategy knows about a request when it routes it.
 *
 * @param id unique, increasing request id
 * @param type request kind
 * @param tenant tenant index (0-based)
 * @param originCell the cell the request enters the fleet from
 * @param inputTokens prompt tokens (LLM) or an equivalent size measure for other types
 * @param outputTokens tokens to generate (0 for non-LLM requests)
 * @param payloadBytes bytes carried to the serving node
 */
public record RoutingRequest(
    long id,
    RequestType type,
    int tenant,
    int originCell,
    long inputTokens,
    long outputTokens,
    long payloadBytes) {}
