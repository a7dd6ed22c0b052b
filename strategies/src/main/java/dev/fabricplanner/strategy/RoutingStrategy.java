package dev.fabricplanner.strategy;

/**
 * Chooses the node that serves each request. One instance serves one simulation run on one thread, so
 * implementations may keep mutable state without locking.
 */
public interface RoutingStrategy {

  RoutingDecision route(RoutingRequest request, ClusterView view);

  /**
   * Whether the strategy reads the precise KV index ({@link ClusterView#prefixMatches}, {@link
   * ClusterView#matchedPrefixBlocks}). The simulator keeps the servers' KV event feed and the index
   * only for strategies that say so: for the others they are pure cost.
   */
  default boolean readsKvEvents() {
    return false;
  }

  /** Called when a request this strategy routed completes; learning strategies override it. */
  default void onCompletion(CompletionFeedback feedback) {}

  /**
   * A request (or hedge copy: same id) this strategy sent to {@code node} is no longer in flight
   * there: its answer ended, it failed or was cancelled, it is being routed again, or
   * (disaggregated) its prefill is done. Called exactly once per routing decision. Routers that track
   * what they have in flight themselves, as SGLang's and Dynamo's do, override it.
   */
  default void onRequestLeft(long requestId, int node) {}
}
