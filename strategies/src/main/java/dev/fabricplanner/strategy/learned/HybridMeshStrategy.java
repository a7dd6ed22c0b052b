package dev.fabricplanner.strategy.learned;

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
import dev.fabricplanner.strategy.observed.LatencyQuantile;

/**
 * {@code hybrid_mesh}: three objectives over nodes sampled near the origin,
 *
 * <pre>
 *   score = w_latency × expected ms / S                      (mesh's formula, in service times)
 *         + cost_weight × [remote] × (1 + payload MB)        (inter-cell egress)
 *         + utilization_weight × |utilization − target_utilization|   (pack nodes near a target)
 * </pre>
 *
 * with w_latency tuned online from outcomes: after each completion, with e = (latency − SLO) / SLO
 * clamped to [−1, 1], w_latency ← clamp(w_latency × exp(tuning_rate × e), min, max). Missing the SLO
 * makes latency matter more (spread out, go remote); meeting it lets cost and packing win. The SLO is
 * {@code latency_slo_ms}, or when that is 0, 1.5 × the p50 of the first {@code slo_window} completions.
 */
public final class HybridMeshStrategy implements RoutingStrategy {
  public static final SimpleProvider PROVIDER =
      new SimpleProvider(
          "hybrid_mesh",
          "latency, egress cost and utilization packing, latency weight tuned online against an SLO",
          HybridMeshStrategy::create);

  private static final double SLO_OVER_P50 = 1.5;

  private final ClusterView view;
  private final MeshParams params;
  private final double costWeight;
  private final double utilizationWeight;
  private final double targetUtilization;
  private final double tuningRate;
  private final double minLatencyWeight;
  private final double maxLatencyWeight;
  private final CandidateNodes candidates;
  private final LatencyEstimate latency;
  private final LatencyQuantile firstWindow;
  private double sloMs;
  private double latencyWeight;

  private HybridMeshStrategy(StrategyContext context, MeshParams params, double[] weights,
      double sloMs, int sloWindow) {
    this.view = context.view();
    this.params = params;
    this.latencyWeight = weights[0];
    this.costWeight = weights[1];
    this.utilizationWeight = weights[2];
    this.targetUtilization = weights[3];
    this.tuningRate = weights[4];
    this.minLatencyWeight = weights[5];
    this.maxLatencyWeight = weights[6];
    this.sloMs = sloMs;
    this.firstWindow = new LatencyQuantile(sloWindow);
    this.candidates =
        new CandidateNodes(
            view, new CandidateCells(view, params.neighbourCells(), context.random()),
            params.samplesPerCell(), context.random());
    this.latency = new LatencyEstimate(params.serviceMs());
  }

  private static HybridMeshStrategy create(StrategyContext context) throws InvalidInputException {
    var p = context.params();
    MeshParams params = MeshParams.read(p);
    double min = p.number("min_latency_weight", 0.1, 0, 1000);
    double max = p.number("max_latency_weight", 10, 0, 1000);
    if (min > max) {
      throw new InvalidInputException(
          "strategy_params.hybrid_mesh.min_latency_weight: must not exceed max_latency_weight ("
              + min + " > " + max + ")");
    }
    double initial = p.number("latency_weight", 1.0, 0, 1000);
    double[] weights = {
      Math.max(min, Math.min(max, initial)),
      p.number("cost_weight", 0.5, 0, 1000),
      p.number("utilization_weight", 0.5, 0, 1000),
      p.number("target_utilization", 0.75, 0, 1),
      p.number("tuning_rate", 0.01, 0, 1),
      min,
      max
    };
    return new HybridMeshStrategy(
        context, params, weights,
        p.number("latency_slo_ms", 0, 0, 3_600_000),
        p.integer("slo_window", 1000, 10, 10_000_000));
  }

  double score(ClusterView view, RoutingRequest request, int node) {
    int origin = request.originCell();
    double serviceMs = latency.meanMs();
    double latencyTerm =
        MeshCost.expectedMs(view, params, node, origin, view.queueDepth(node), serviceMs) / serviceMs;
    double egress = view.cellOf(node) == origin ? 0 : 1 + request.payloadBytes() / 1e6;
    double packing = Math.abs(view.utilization(node) - targetUtilization);
    return latencyWeight * latencyTerm + costWeight * egress + utilizationWeight * packing;
  }

  @Override
  public RoutingDecision route(RoutingRequest request, ClusterView view) {
    return RoutingDecision.to(
        candidates.cheapest(
            candidates.sample(request.originCell(), -1), node -> score(view, request, node)));
  }

  @Override
  public void onCompletion(CompletionFeedback feedback) {
    latency.observe(feedback, view);
    if (sloMs == 0) {
      firstWindow.observe(feedback.latencyMs());
      if (firstWindow.ready()) {
        sloMs = SLO_OVER_P50 * firstWindow.quantileMs(0.5);
      }
      return;
    }
    double error = Math.max(-1, Math.min(1, (feedback.latencyMs() - sloMs) / sloMs));
    latencyWeight =
        Math.max(minLatencyWeight, Math.min(maxLatencyWeight, latencyWeight * Math.exp(tuningRate * error)));
  }

  /** The current latency weight, as tuned so far. */
  public double latencyWeight() {
    return latencyWeight;
  }

  /** The SLO in use; 0 until the first window has set it. */
  public double sloMs() {
    return sloMs;
  }
}
