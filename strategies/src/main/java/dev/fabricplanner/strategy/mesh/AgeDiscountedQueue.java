package dev.fabricplanner.strategy.mesh;

import dev.fabricplanner.strategy.ClusterView;

/**
 * {@code queue_estimate: age_discounted} ({@code mesh_stale}): each node's queue discounted by the age
 * of its signal. A signal of age a is trusted with weight w = exp(−a / age_scale_ms); the rest of the
 * estimate is the cell's mean load per slot, which a cell summary keeps fresher in aggregate. Requests
 * sent since the signal was taken are added back, so a stale idle-looking node does not attract every
 * request until its next publication (the herding {@code least_queue} shows):
 *
 * <pre>  q' = w × q + (1 − w) × c × cellQueueDepth / cellCapacity + sent since publication</pre>
 */
public final class AgeDiscountedQueue implements QueueEstimate {
  private final double ageScaleMs;
  private final OwnSends sends;

  public AgeDiscountedQueue(int nodes, double ageScaleMs) {
    this.ageScaleMs = ageScaleMs;
    this.sends = new OwnSends(nodes);
  }

  @Override
  public double queue(ClusterView view, int node, double serviceMs) {
    double trust = Math.exp(-view.signalAgeMs(node) / ageScaleMs);
    int cell = view.cellOf(node);
    long cellSlots = view.cellCapacity(cell);
    double cellMean =
        cellSlots > 0
            ? (double) view.cellQueueDepth(cell) * view.capacity(node) / cellSlots
            : view.queueDepth(node);
    return trust * view.queueDepth(node) + (1 - trust) * cellMean + sends.unseen(view, node);
  }

  @Override
  public void sent(ClusterView view, int node) {
    sends.sent(view, node);
  }
}
