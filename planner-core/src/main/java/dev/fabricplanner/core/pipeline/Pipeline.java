package dev.fabricplanner.core.pipeline;

import java.time.Duration;
import java.util.List;

/**
 * A model split into stages, the traffic between them and the rules to plan by.
 *
 * @param source where it was read from, for problem lines
 * @param model the model
 * @param stages stages in order, their layers summing to the model's
 * @param traffic what crosses each hop per request
 * @param latencyCapUs most per-token time one hop may add, or null for no cap
 * @param maxRecordAge records older than this are flagged stale
 * @param stripeThresholdBytes transfers this large or larger are striped across NICs
 * @param vramFraction share of a GPU's memory a stage may use when the planner places it
 */
public record Pipeline(
    String source,
    ModelSpec model,
    List<StageSpec> stages,
    TrafficSpec traffic,
    Double latencyCapUs,
    Duration maxRecordAge,
    long stripeThresholdBytes,
    double vramFraction) {

  /** vLLM's default gpu_memory_utilization. */
  public static final double DEFAULT_VRAM_FRACTION = 0.90;

  public Pipeline {
    stages = List.copyOf(stages);
  }

  /** True when the user placed every stage; false when the planner places them all. */
  public boolean placedByUser() {
    return stages.stream().allMatch(s -> s.gpu() != null);
  }
}
