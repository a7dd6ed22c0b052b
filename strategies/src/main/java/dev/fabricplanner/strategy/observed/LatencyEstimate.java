package dev.fabricplanner.strategy.observed;

import dev.fabricplanner.strategy.ClusterView;
import dev.fabricplanner.strategy.CompletionFeedback;

/**
 * Mean observed time a request spends at its node (latency less the network round trip), as an EWMA
 * over completions. Starts from a configured guess until requests complete.
 */
public final class LatencyEstimate {
  private static final double ALPHA = 0.02;

  private double meanMs;

  public LatencyEstimate(double initialMs) {
    this.meanMs = initialMs;
  }

  public void observe(CompletionFeedback feedback, ClusterView view) {
    double rtt = view.rttMs(feedback.request().originCell(), view.cellOf(feedback.node()));
    double atNode = Math.max(0, feedback.latencyMs() - rtt);
    meanMs += ALPHA * (atNode - meanMs);
  }

  public double meanMs() {
    return meanMs;
  }
}
