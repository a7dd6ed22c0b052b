package dev.fabricplanner.strategy.mesh;

import dev.fabricplanner.strategy.ClusterView;

/**
 * {@code queue_estimate: forecast} ({@code predictive_mesh}): a forecast of each node's queue rather
 * than its published value. A fluid model runs the queue forward from its publication, with arrivals
 * from the recent rate of requests this strategy sent into the node's cell and departures at
 * min(q, c) / S:
 *
 * <pre>
 *   q_now  = max(0, q + sent since publication − min(q, c) / S × age)
 *   λ      = rate into the cell (decaying window rate_window_ms) × c / cellCapacity
 *   q_pred = max(0, q_now + (λ − min(q_now, c) / S) × horizon_ms)
 * </pre>
 *
 * In a burst λ rises within a rate window, so the forecast fills the origin cell's nodes and traffic
 * spills to neighbours before the queues are ever published.
 */
public final class ForecastQueue implements QueueEstimate {
  private final double horizonMs;
  private final OwnSends sends;
  private final CellArrivalRate arrivals;

  public ForecastQueue(int nodes, int cells, double rateWindowMs, double horizonMs) {
    this.horizonMs = horizonMs;
    this.sends = new OwnSends(nodes);
    this.arrivals = new CellArrivalRate(cells, rateWindowMs);
  }

  @Override
  public double queue(ClusterView view, int node, double serviceMs) {
    double slots = view.capacity(node);
    double published = view.queueDepth(node);
    double now =
        Math.max(
            0,
            published + sends.unseen(view, node)
                - Math.min(published, slots) / serviceMs * view.signalAgeMs(node));
    int cell = view.cellOf(node);
    long cellSlots = view.cellCapacity(cell);
    double arrivalsPerMs = cellSlots > 0 ? arrivals.perMs(cell, view.nowMs()) * slots / cellSlots : 0;
    return Math.max(0, now + (arrivalsPerMs - Math.min(now, slots) / serviceMs) * horizonMs);
  }

  @Override
  public void sent(ClusterView view, int node) {
    sends.sent(view, node);
    arrivals.sent(view.cellOf(node), view.nowMs());
  }
}
