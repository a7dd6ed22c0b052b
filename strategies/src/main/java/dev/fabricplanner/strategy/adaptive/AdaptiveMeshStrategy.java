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
import dev.fabricplanner.strategy.observed.LatencyEstimate;

/**
 * {@code adaptive_mesh}: {@code mesh} whose weights slide from latency to balance as the origin cell
 * fills. With b = min(1, L / high_load), where L = cellQueueDepth / cellCapacity of the origin cell
 * (a cell summary, O(1)):
 *
 * <pre>
 *   batch weight = batch_weight + b × (loaded_batch_weight − batch_weight)
 *   RTT weight   = rtt_weight   + b × (loaded_rtt_weight   − rtt_weight)
 * </pre>
 *
 * Lightly loaded, it keeps requests close (RTT dominates); loaded, it spreads them to the emptiest
 * sampled node even a cell away (queue length dominates).
 */
public final class AdaptiveMeshStrategy implements RoutingStrategy {
  public static final SimpleProvider PROVIDER =
      new SimpleProvider(
          "adaptive_mesh",
          "mesh whose weight moves from RTT to queue balance as the origin cell's load rises",
          AdaptiveMeshStrategy::create);

  private final ClusterView view;
  private final MeshParams params;
  private final double highLoad;
  private final double loadedBatchWeight;
  private final double loadedRttWeight;
  private final CandidateNodes candidates;
  private final LatencyEstimate latency;

  private AdaptiveMeshStrategy(
      StrategyContext context, MeshParams params, double highLoad, double loadedBatchWeight,
      double loadedRttWeight) {
    this.view = context.view();
    this.params = params;
    this.highLoad = highLoad;
    this.loadedBatchWeight = loadedBatchWeight;
    this.loadedRttWeight = loadedRttWeight;
    this.candidates =
        new CandidateNodes(
            view, new CandidateCells(view, params.neighbourCells(), context.random()),
            params.samplesPerCell(), context.random());
    this.latency = new LatencyEstimate(params.serviceMs());
  }

  private static AdaptiveMeshStrategy create(StrategyContext context) throws InvalidInputException {
    var p = context.params();
    MeshParams params = MeshParams.read(p);
    return new AdaptiveMeshStrategy(
        context, params,
        p.number("high_load", 0.8, 0.01, 100),
        p.number("loaded_batch_weight", 1.0, 0, 100),
        p.number("loaded_rtt_weight", 0.25, 0, 100));
  }

  /** How far toward balance the weights have moved for a request from {@code cell}, 0..1. */
  double balance(ClusterView view, int cell) {
    long slots = view.cellCapacity(cell);
    double load = slots > 0 ? (double) view.cellQueueDepth(cell) / slots : highLoad;
    return Math.min(1, load / highLoad);
  }

  @Override
  public RoutingDecision route(RoutingRequest request, ClusterView view) {
    int origin = request.originCell();
    double b = balance(view, origin);
    double batchWeight = params.batchWeight() + b * (loadedBatchWeight - params.batchWeight());
    double rttWeight = params.rttWeight() + b * (loadedRttWeight - params.rttWeight());
    double serviceMs = latency.meanMs();
    return RoutingDecision.to(
        candidates.cheapest(
            candidates.sample(origin, -1),
            node ->
                MeshCost.expectedMs(
                    view, params, node, origin, view.queueDepth(node), serviceMs, batchWeight,
                    rttWeight)));
  }

  @Override
  public void onCompletion(CompletionFeedback feedback) {
    latency.observe(feedback, view);
  }
}
