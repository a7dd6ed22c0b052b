package dev.fabricplanner.strategy;

/**
 * What a strategy knows about a request when it routes it. Its output length is not here: only the
 * serving engine learns when a request ends; a strategy that needs a size predicts it (see {@code
 * observed.OutputLengthPredictor}) from completions it has seen.
 *
 * @param id unique, increasing request id
 * @param type request kind
 * @param tenant tenant index (0-based)
 * @param originCell the cell the request enters the fleet from
 * @param inputTokens prompt tokens (LLM) or an equivalent size measure for other types
 * @param payloadBytes bytes carried to the serving node
 * @param promptBlocks chained hashes of the prompt's full KV blocks, for prefix-aware routing; empty
 *     when the workload carries none
 */
public record RoutingRequest(
    long id,
    RequestType type,
    int tenant,
    int originCell,
    long inputTokens,
    long payloadBytes,
    PromptBlocks promptBlocks) {

  public RoutingRequest {
    if (promptBlocks == null) {
      promptBlocks = PromptBlocks.NONE;
    }
  }

  /** A request without prompt block hashes (workloads that carry no prefix information). */
  public RoutingRequest(
      long id, RequestType type, int tenant, int originCell, long inputTokens, long payloadBytes) {
    this(id, type, tenant, originCell, inputTokens, payloadBytes, PromptBlocks.NONE);
  }
}
