package dev.fabricplanner.core.route;

import dev.fabricplanner.core.pipeline.ModelSpec;
import dev.fabricplanner.core.pipeline.TrafficSpec;
import dev.fabricplanner.core.plan.Candidate;
import dev.fabricplanner.core.plan.PlannerSettings;
import java.util.List;

/**
 * A planned pipeline: where each stage runs, the transport of each hop with its explanation, and the
 * totals. The simulator prices stage and KV transfers from it.
 *
 * @param name the pipeline's name (or "fleet survey")
 * @param model the model
 * @param traffic what crosses each hop
 * @param settings the rules applied
 * @param hosts the records planned from
 * @param stages stage placements (empty for a fleet survey)
 * @param hops hop decisions in order
 * @param returnHop the sampled token's way back from the last stage to the first (null for a survey, a
 *     one-stage pipeline, or when both are one GPU): part of every token's latency
 * @param warnings things a user should know (stale records, hops over the cap or without transport)
 */
public record RoutePlan(
    String name,
    ModelSpec model,
    TrafficSpec traffic,
    PlannerSettings settings,
    List<HostSummary> hosts,
    List<PlacedStage> stages,
    List<PlannedHop> hops,
    PlannedHop returnHop,
    List<String> warnings) {

  public RoutePlan {
    hosts = List.copyOf(hosts);
    stages = List.copyOf(stages);
    hops = List.copyOf(hops);
    warnings = List.copyOf(warnings);
  }

  /**
   * Estimated transfer time per token, microseconds (compute time excluded): the activations over every
   * hop and the sampled token's return to the first stage.
   */
  public double perTokenUs() {
    return tokenHops().stream().map(h -> h.decision().chosen())
        .filter(c -> c != null && c.estimate() != null)
        .mapToDouble(c -> c.estimate().tokenUs()).sum();
  }

  /** The hops every token crosses: the stage hops, then the return hop when there is one. */
  public List<PlannedHop> tokenHops() {
    if (returnHop == null) {
      return hops;
    }
    List<PlannedHop> all = new java.util.ArrayList<>(hops);
    all.add(returnHop);
    return all;
  }

  /** Estimated time of one KV transfer on every hop, summed, microseconds. */
  public double perKvTransferUs() {
    return hops.stream().map(h -> h.decision().chosen())
        .filter(c -> c != null && c.estimate() != null)
        .mapToDouble(c -> c.estimate().kvTransferUs()).sum();
  }

  /** True when every hop has a chosen transport with an estimate, so the totals are whole. */
  public boolean complete() {
    return tokenHops().stream().map(h -> h.decision().chosen())
        .allMatch(c -> c != null && c.estimate() != null);
  }

  /** The chosen candidate of each hop (null where none), in hop order. */
  public List<Candidate> chosen() {
    return hops.stream().map(h -> h.decision().chosen()).toList();
  }
}
