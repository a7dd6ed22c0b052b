package dev.fabricplanner.strategy.observed;

import dev.fabricplanner.strategy.CompletionFeedback;

/**
 * What completions say about each node: an EWMA of its observed latency (one float per node, so
 * memory is O(N) and updates O(1)), and the fleet's observed p95 to compare it with. A node whose
 * recent latency nears the fleet's p95 is slow, whatever its published queue says (a degraded GPU).
 */
public final class NodeLatency {
  private static final float ALPHA = 0.2f;

  private final float[] recentMs;
  private final LatencyQuantile fleet;

  public NodeLatency(int nodes, int window) {
    this.recentMs = new float[nodes];
    this.fleet = new LatencyQuantile(window);
  }

  public void observe(CompletionFeedback feedback) {
    int node = feedback.node();
    float latency = (float) feedback.latencyMs();
    recentMs[node] = recentMs[node] == 0 ? latency : recentMs[node] + ALPHA * (latency - recentMs[node]);
    fleet.observe(feedback.latencyMs());
  }

  /**
   * The node's recent latency over the fleet's observed p95, capped at 2; 0 until the node has
   * completed a request and the fleet has filled a window.
   */
  public double relativeToFleetP95(int node) {
    if (recentMs[node] == 0 || !fleet.ready()) {
      return 0;
    }
    return Math.min(2.0, recentMs[node] / fleet.quantileMs(0.95));
  }
}
