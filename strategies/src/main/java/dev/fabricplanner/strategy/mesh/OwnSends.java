package dev.fabricplanner.strategy.mesh;

import dev.fabricplanner.strategy.ClusterView;

/**
 * Requests this strategy sent to each node since the node's published signal was taken: the part of
 * the node's queue that the stale signal cannot show yet. One counter per node (memory O(N)); each
 * query and send is O(1).
 */
public final class OwnSends {
  private final int[] count;
  private final double[] sinceMs;

  public OwnSends(int nodes) {
    this.count = new int[nodes];
    this.sinceMs = new double[nodes];
  }

  /** Sends the node's current published signal does not include. */
  public int unseen(ClusterView view, int node) {
    double publishedAt = view.nowMs() - view.signalAgeMs(node);
    if (sinceMs[node] < publishedAt) {
      count[node] = 0; // a newer signal has been published; it includes our earlier sends
      sinceMs[node] = publishedAt;
    }
    return count[node];
  }

  public void sent(ClusterView view, int node) {
    unseen(view, node);
    count[node]++;
  }
}
