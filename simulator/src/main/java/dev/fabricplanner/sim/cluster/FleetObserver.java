package dev.fabricplanner.sim.cluster;

/** What the fleet tells the engine: request outcomes and changes to a node's true state. */
public interface FleetObserver {

  /** The request's last token was produced at {@code nowMs} on its server. */
  void requestCompleted(int request, double nowMs);

  /** The request can never be admitted (its KV cache would not fit an empty server). */
  void requestRejected(int request, double nowMs);

  /**
   * {@code count} requests each produced a token {@code gapMs} after their previous one (a step's
   * decoding requests, or one request's first token after a preemption): inter-token latency.
   */
  void tokensProduced(int count, double gapMs, double nowMs);

  /** The node's queue depth changed. */
  void loadChanged(int node, double nowMs);

  /** The node's busy slots or VRAM use changed. */
  void resourcesChanged(int node, double nowMs);

  /**
   * A disaggregated request's prompt is in the prefill node's KV cache and has left that node: its KV
   * cache now travels to the decode node.
   *
   * @param lastStepStartMs when the step that computed the prompt's last chunk began
   * @param lastChunk prompt tokens that step computed (the rest were in KV before it began)
   */
  default void kvReady(int request, double nowMs, double lastStepStartMs, int lastChunk) {}
}
