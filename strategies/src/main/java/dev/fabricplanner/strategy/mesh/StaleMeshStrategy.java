package dev.fabricplanner.strategy.mesh;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.strategy.ClusterView;
import dev.fabricplanner.strategy.CompletionFeedback;
import dev.fabricplanner.strategy.RoutingDecision;
import dev.fabricplanner.strategy.RoutingRequest;
import dev.fabricplanner.strategy.RoutingStrategy;
import dev.fabricplanner.strategy.StrategyContext;
import dev.fabricplanner.strategy.builtin.SimpleProvider;
import dev.fabricplanner.strategy.observed.LatencyEstimate;

/**
 * {@code mesh_stale}: {@code mesh} with each node's queue discounted by the age of its signal. A
 * signal of age a is trusted with weight w = exp(−a / age_scale_ms); the rest of the estimate is the
 * cell's mean load per slot, which a cell summary keeps fresher in aggregate. Requests this strategy
 * sent since the signal was taken are added back, so a stale idle-looking node does not attract every
 * request until its next publication (the herding {@code least_queue} shows):
 *
 * <pre>  q' = w × q + (1 − w) × c × cellQueueDepth / cellCapacity + sent since publication</pre>
 */
public final class StaleMeshStrategy implements RoutingStrategy {
  public static final SimpleProvider PROVIDER =
      new SimpleProvider(
          "mesh_stale",
          "mesh with queues discounted by signal age toward the cell mean, plus its own unseen sends",
          StaleMeshStrategy::create);

  private final ClusterView view;
  private final MeshParams params;
  private final double ageScaleMs;
  private final CandidateNodes candidates;
  private final OwnSends sends;
  private final LatencyEstimate latency;

  private StaleMeshStrategy(StrategyContext context, MeshParams params, double ageScaleMs) {
    this.view = context.view();
    this.params = params;
    this.ageScaleMs = ageScaleMs;
    this.candidates =
        new CandidateNodes(
            view, new CandidateCells(view, params.neighbourCells(), context.random()),
            params.samplesPerCell(), context.random());
    this.sends = new OwnSends(view.nodeCount());
    this.latency = new LatencyEstimate(params.serviceMs());
  }

  private static StaleMeshStrategy create(StrategyContext context) throws InvalidInputException {
    MeshParams params = MeshParams.read(context.params());
    double ageScale = context.params().number("age_scale_ms", 100, 0.001, 3_600_000);
    return new StaleMeshStrategy(context, params, ageScale);
  }

  /** The age-discounted queue estimate q' of the class comment. */
  double discountedQueue(ClusterView view, int node) {
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
  public RoutingDecision route(RoutingRequest request, ClusterView view) {
    int origin = request.originCell();
    double serviceMs = latency.meanMs();
    int best =
        candidates.cheapest(
            candidates.sample(origin, -1),
            node ->
                MeshCost.expectedMs(
                    view, params, node, origin, discountedQueue(view, node), serviceMs));
    if (best >= 0) {
      sends.sent(view, best);
    }
    return RoutingDecision.to(best);
  }

  @Override
  public void onCompletion(CompletionFeedback feedback) {
    latency.observe(feedback, view);
  }
}
