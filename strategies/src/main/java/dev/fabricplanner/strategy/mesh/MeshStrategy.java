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
 * {@code mesh}: the least {@link MeshCost expected latency} among nodes sampled in the origin cell and
 * its nearest cells, so network distance counts as much as queueing. Traffic stays in the origin cell
 * until its nodes fill up. O(samples_per_cell × (neighbour_cells + 1)) per decision.
 */
public final class MeshStrategy implements RoutingStrategy {
  public static final SimpleProvider PROVIDER =
      new SimpleProvider(
          "mesh",
          "least expected latency (queueing + VRAM + RTT from the origin) over nodes sampled near the origin",
          MeshStrategy::create);

  private final ClusterView view;
  private final MeshParams params;
  private final CandidateNodes candidates;
  private final LatencyEstimate latency;

  MeshStrategy(StrategyContext context, MeshParams params) {
    this.view = context.view();
    this.params = params;
    this.candidates =
        new CandidateNodes(
            view,
            new CandidateCells(view, params.neighbourCells(), context.random()),
            params.samplesPerCell(),
            context.random());
    this.latency = new LatencyEstimate(params.serviceMs());
  }

  private static MeshStrategy create(StrategyContext context) throws InvalidInputException {
    return new MeshStrategy(context, MeshParams.read(context.params()));
  }

  @Override
  public RoutingDecision route(RoutingRequest request, ClusterView view) {
    return RoutingDecision.to(choose(request, view, -1));
  }

  /** The best candidate other than {@code excluded} (-1 for none); -1 when no node is up. */
  int choose(RoutingRequest request, ClusterView view, int excluded) {
    int origin = request.originCell();
    double serviceMs = latency.meanMs();
    return candidates.cheapest(
        candidates.sample(origin, excluded),
        node -> MeshCost.expectedMs(view, params, node, origin, view.queueDepth(node), serviceMs));
  }

  @Override
  public void onCompletion(CompletionFeedback feedback) {
    latency.observe(feedback, view);
  }
}
