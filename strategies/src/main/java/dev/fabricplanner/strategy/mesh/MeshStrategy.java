package dev.fabricplanner.strategy.mesh;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.strategy.ClusterView;
import dev.fabricplanner.strategy.CompletionFeedback;
import dev.fabricplanner.strategy.RoutingDecision;
import dev.fabricplanner.strategy.RoutingRequest;
import dev.fabricplanner.strategy.RoutingStrategy;
import dev.fabricplanner.strategy.StrategyContext;
import dev.fabricplanner.strategy.StrategyParams;
import dev.fabricplanner.strategy.builtin.SimpleProvider;
import dev.fabricplanner.strategy.observed.LatencyEstimate;
import java.util.List;

/**
 * {@code mesh}: the least {@link MeshCost expected latency} among nodes sampled in the origin cell and
 * its nearest cells, so network distance counts as much as queueing. Traffic stays in the origin cell
 * until its nodes fill up. O(samples_per_cell × (neighbour_cells + 1)) per decision.
 *
 * <p>Two choices vary it, and three of the InferMesh names are presets of them (docs/STRATEGIES.md):
 * {@code queue_estimate} (the published queue; {@link AgeDiscountedQueue}, preset {@code mesh_stale};
 * {@link ForecastQueue}, preset {@code predictive_mesh}) and {@code weights} (fixed, or {@link
 * LoadAdaptiveWeights}, preset {@code adaptive_mesh}).
 */
public final class MeshStrategy implements RoutingStrategy {
  private static final List<String> QUEUE_ESTIMATES = List.of("published", "age_discounted", "forecast");
  private static final List<String> WEIGHTS = List.of("fixed", "load_adaptive");

  public static final SimpleProvider PROVIDER =
      new SimpleProvider(
          "mesh",
          "least expected latency (queueing + VRAM + RTT from the origin) over nodes sampled near the"
              + " origin; queue_estimate and weights select the variants",
          context -> create(context, null, null));

  /** {@code mesh} with {@code queue_estimate: age_discounted}. */
  public static final SimpleProvider STALE =
      new SimpleProvider(
          "mesh_stale",
          "mesh preset (queue_estimate: age_discounted): queues discounted by signal age toward the"
              + " cell mean, plus its own unseen sends",
          context -> create(context, "age_discounted", "fixed"));

  /** {@code mesh} with {@code weights: load_adaptive}. */
  public static final SimpleProvider ADAPTIVE =
      new SimpleProvider(
          "adaptive_mesh",
          "mesh preset (weights: load_adaptive): weight moves from RTT to queue balance as the origin"
              + " cell's load rises",
          context -> create(context, "published", "load_adaptive"));

  /** {@code mesh} with {@code queue_estimate: forecast}. */
  public static final SimpleProvider PREDICTIVE =
      new SimpleProvider(
          "predictive_mesh",
          "mesh preset (queue_estimate: forecast): published queue run forward with the recent"
              + " arrival rate",
          context -> create(context, "forecast", "fixed"));

  private final ClusterView view;
  private final MeshParams params;
  private final CandidateNodes candidates;
  private final LatencyEstimate latency;
  private final QueueEstimate queues;
  /** Null: the fixed weights of {@link MeshParams}. */
  private final LoadAdaptiveWeights adaptive;

  MeshStrategy(StrategyContext context, MeshParams params) {
    this(context, params, QueueEstimate.PUBLISHED, null);
  }

  private MeshStrategy(
      StrategyContext context, MeshParams params, QueueEstimate queues, LoadAdaptiveWeights adaptive) {
    this.view = context.view();
    this.params = params;
    this.candidates =
        new CandidateNodes(
            view,
            new CandidateCells(view, params.neighbourCells(), context.random()),
            params.samplesPerCell(),
            context.random());
    this.latency = new LatencyEstimate(params.serviceMs());
    this.queues = queues;
    this.adaptive = adaptive;
  }

  /** {@code mesh} with the preset's choices, or (null) the ones its parameters name. */
  private static MeshStrategy create(StrategyContext context, String queueEstimate, String weights)
      throws InvalidInputException {
    StrategyParams p = context.params();
    MeshParams params = MeshParams.read(p);
    String queue =
        queueEstimate != null ? queueEstimate : p.choice("queue_estimate", "published", QUEUE_ESTIMATES);
    String weighting = weights != null ? weights : p.choice("weights", "fixed", WEIGHTS);
    ClusterView view = context.view();
    QueueEstimate estimate =
        switch (queue) {
          case "age_discounted" ->
              new AgeDiscountedQueue(view.nodeCount(), p.number("age_scale_ms", 100, 0.001, 3_600_000));
          case "forecast" ->
              new ForecastQueue(view.nodeCount(), view.cellCount(),
                  p.number("rate_window_ms", 250, 1, 3_600_000),
                  p.number("horizon_ms", 100, 0, 3_600_000));
          default -> QueueEstimate.PUBLISHED;
        };
    LoadAdaptiveWeights adaptive =
        weighting.equals("load_adaptive")
            ? new LoadAdaptiveWeights(
                p.number("high_load", 0.8, 0.01, 100),
                p.number("loaded_batch_weight", 1.0, 0, 100),
                p.number("loaded_rtt_weight", 0.25, 0, 100))
            : null;
    return new MeshStrategy(context, params, estimate, adaptive);
  }

  @Override
  public RoutingDecision route(RoutingRequest request, ClusterView view) {
    int best = choose(request, view, -1);
    if (best >= 0) {
      queues.sent(view, best);
    }
    return RoutingDecision.to(best);
  }

  /** The best candidate other than {@code excluded} (-1 for none); -1 when no node is up. */
  int choose(RoutingRequest request, ClusterView view, int excluded) {
    int origin = request.originCell();
    double serviceMs = latency.meanMs();
    if (adaptive == null) {
      return candidates.cheapest(
          candidates.sample(origin, excluded),
          node ->
              MeshCost.expectedMs(
                  view, params, node, origin, queues.queue(view, node, serviceMs), serviceMs));
    }
    double b = adaptive.balance(view, origin);
    double batchWeight = params.batchWeight() + b * (adaptive.loadedBatchWeight() - params.batchWeight());
    double rttWeight = params.rttWeight() + b * (adaptive.loadedRttWeight() - params.rttWeight());
    return candidates.cheapest(
        candidates.sample(origin, excluded),
        node ->
            MeshCost.expectedMs(
                view, params, node, origin, queues.queue(view, node, serviceMs), serviceMs,
                batchWeight, rttWeight));
  }

  /** The queue estimate in use, for tests. */
  QueueEstimate queueEstimate() {
    return queues;
  }

  /** The load-adaptive weights, or null when the weights are fixed. */
  LoadAdaptiveWeights adaptiveWeights() {
    return adaptive;
  }

  @Override
  public void onCompletion(CompletionFeedback feedback) {
    latency.observe(feedback, view);
  }
}
