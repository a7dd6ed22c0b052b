package dev.fabricplanner.sim.metrics;

/**
 * Told of every measured completed request, for callers that need per-request figures (the fidelity
 * command bins them by load stage and compares percentiles with measured ground truth). A run without
 * a listener records only its aggregates.
 */
@FunctionalInterface
public interface RequestOutcomeListener {
  /**
   * @param arrivalMs when the request arrived, simulated ms
   * @param ttftMs time to first token as the client sees it
   * @param e2eMs arrival to the last token as the client sees it
   * @param outputTokens tokens generated
   */
  void completed(double arrivalMs, double ttftMs, double e2eMs, int outputTokens);
}
