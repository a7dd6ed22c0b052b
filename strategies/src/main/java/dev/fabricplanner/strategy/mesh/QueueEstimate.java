package dev.fabricplanner.strategy.mesh;

import dev.fabricplanner.strategy.ClusterView;

/**
 * The queue depth a mesh strategy scores a node with: the published one, or a correction of it for the
 * signal's age ({@code mesh}'s {@code queue_estimate}).
 */
public interface QueueEstimate {

  /** The queue to score {@code node} with, given the current latency estimate {@code serviceMs}. */
  double queue(ClusterView view, int node, double serviceMs);

  /** A request was just routed to {@code node} (estimates that count their own sends note it). */
  default void sent(ClusterView view, int node) {}

  /** The published queue depth as it stands. */
  QueueEstimate PUBLISHED = (view, node, serviceMs) -> view.queueDepth(node);
}
