package dev.fabricplanner.sim.fidelity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One measured experiment as the fidelity command reads it, in the layout of
 * {@code ../shared/data/vllm-calibration/experiments.json}: what to build (model, GPU, TP, vLLM
 * knobs), the load stages, what was measured per stage and for the whole run, and the base name of
 * its replay trace if it has one. Reading never fails: what is missing shows as empty fields, and the
 * runner says why it skipped or approximated.
 */
record CalibrationRun(
    String id,
    String model,
    String gpu,
    int tp,
    int maxNumBatchedTokens,
    int maxNumSeqs,
    Double gpuMemoryUtilization,
    int blockSize,
    List<Stage> stages,
    Map<FidelityMetric, Double> summary,
    Optional<String> replayTrace,
    JsonNode raw) {

  /**
   * One constant-rate stage.
   *
   * @param rateRps offered rate, null when the source did not record it
   * @param durationS length, null when the source did not record it
   */
  record Stage(int index, Double rateRps, Double durationS, Map<FidelityMetric, Double> measured) {}

  static CalibrationRun of(JsonNode node) {
    JsonNode knobs = node.path("vllm_knobs");
    List<Stage> stages = new ArrayList<>();
    for (JsonNode stage : node.path("stages")) {
      stages.add(new Stage(stage.path("stage_index").asInt(stages.size()),
          number(stage.path("arrival_rate_rps")), number(stage.path("duration_s")),
          measured(stage)));
    }
    String copiedAs = node.path("replay_trace").path("copied_as").asText("");
    Optional<String> replay = copiedAs.isEmpty()
        ? Optional.empty()
        : Optional.of(copiedAs.substring(copiedAs.lastIndexOf('/') + 1));
    return new CalibrationRun(
        node.path("id").asText("(no id)"),
        node.path("model").asText(""),
        node.path("gpu").asText(""),
        Math.max(1, node.path("tp").asInt(1)),
        knobs.path("max_num_batched_tokens").asInt(0),
        knobs.path("max_num_seqs").asInt(0),
        number(knobs.path("gpu_memory_utilization")),
        knobs.path("block_size_tokens").asInt(16),
        List.copyOf(stages),
        measured(node.path("summary")),
        replay,
        node);
  }

  private static Map<FidelityMetric, Double> measured(JsonNode block) {
    Map<FidelityMetric, Double> figures = new EnumMap<>(FidelityMetric.class);
    for (FidelityMetric metric : FidelityMetric.values()) {
      Double value = number(block.path(metric.key()));
      if (value != null) {
        figures.put(metric, value);
      }
    }
    return figures;
  }

  private static Double number(JsonNode node) {
    return node.isNumber() ? node.asDouble() : null;
  }

  /** Whether every stage's rate and duration are known, so the whole run can be replayed. */
  boolean everyStageKnown() {
    return stages.stream().allMatch(s -> s.rateRps() != null && s.durationS() != null);
  }
}
