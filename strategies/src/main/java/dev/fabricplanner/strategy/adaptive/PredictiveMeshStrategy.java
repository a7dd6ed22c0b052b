package dev.fabricplanner.strategy.adaptive;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.strategy.ClusterView;
import dev.fabricplanner.strategy.CompletionFeedback;
import dev.fabricplanner.strategy.RoutingDecision;
import dev.fabricplanner.strategy.RoutingRequest;
import dev.fabricplanner.strategy.RoutingStrategy;
import dev.fabricplanner.strategy.StrategyContext;
import dev.fabricplanner.strategy.builtin.SimpleProvider;
import dev.fabricplanner.strategy.mesh.CandidateCells;
import dev.fabricplanner.strategy.mesh.CandidateNodes;
import dev.fabricplanner.strategy.mesh.MeshCost;
import dev.fabricplanner.strategy.mesh.MeshParams;
import dev.fabricplanner.strategy.mesh.OwnSends;
import dev.fabricplanner.strategy.observed.LatencyEstimate;

/**
 * {@code predictive_mesh}: {@code mesh} scored on a forecast of each node's queue rather than its
 * published value. A fluid model runs the queue forward from its publication, with arrivals from the
 * recent rate of requests this strategy sent into the node's cell and departures at min(q, c) / S:
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
public final class PredictiveMeshStrategy implements RoutingStrategy {
  public static final SimpleProvider PROVIDER =
      new SimpleProvider(
          "predictive_mesh",
          "mesh on forecast queues: published queue run forward with the recent arrival rate",
          PredictiveMeshStrategy::create);

  private final ClusterView view;
  private final MeshParams params;
  private final double horizonMs;
  private final CandidateNodes candidates;
  private final OwnSends sends;
  private final CellArrivalRate arrivals;
  private final LatencyEstimate latency;

  private PredictiveMeshStrategy(
      StrategyContext context, MeshParams params, double rateWindowMs, double horizonMs) {
    this.view = context.view();
    this.params = params;
    this.horizonMs = horizonMs;
    this.candidates =
        new CandidateNodes(
            view, new CandidateCells(view, params.neighbourCells(), context.random()),
            params.samplesPerCell(), context.random());
    this.sends = new OwnSends(view.nodeCount());
    this.arrivals = new CellArrivalRate(view.cellCount(), rateWindowMs);
    this.latency = new LatencyEstimate(params.serviceMs());
  }

  private static PredictiveMeshStrategy create(StrategyContext context)
      throws InvalidInputException {
    var p = context.params();
    MeshParams params = MeshParams.read(p);
    return new PredictiveMeshStrategy(
        context, params,
        p.number("rate_window_ms", 250, 1, 3_600_000),
        p.number("horizon_ms", 100, 0, 3_600_000));
  }

  /** The forecast q_pred of the class comment. */
  double forecastQueue(ClusterView view, int node) {
    double slots = view.capacity(node);
    double serviceMs = latency.meanMs();
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
  public RoutingDecision route(RoutingRequest request, ClusterView view) {
    int origin = request.originCell();
    double serviceMs = latency.meanMs();
    int best =
        candidates.cheapest(
            candidates.sample(origin, -1),
            node ->
                MeshCost.expectedMs(view, params, node, origin, forecastQueue(view, node), serviceMs));
    if (best >= 0) {
      sends.sent(view, best);
      arrivals.sent(view.cellOf(best), view.nowMs());
    }
    return RoutingDecision.to(best);
  }

  @Override
  public void onCompletion(CompletionFeedback feedback) {
    latency.observe(feedback, view);
  }
}
