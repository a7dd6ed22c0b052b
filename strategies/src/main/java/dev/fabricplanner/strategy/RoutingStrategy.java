package dev.fabricplanner.strategy;

/**
 * Chooses the node that serves each request. One instance serves one simulation run on one thread, so
 * implementations may keep mutable state without locking.
 */
public interface RoutingStrategy {

  RoutingDecision route(RoutingRequest request, ClusterView view);

  /** Called when a request this strategy routed completes; learning strategies override it. */
  default void onCompletion(CompletionFeedback feedback) {}
}
