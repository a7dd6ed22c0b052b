package dev.fabricplanner.sim.exec;

import java.util.List;

/**
 * One measured vLLM serving run, as far as the execution model's calibration reads it (layout of
 * shared/data/vllm-calibration/experiments.json). Per-stage means are client-side, in ms.
 *
 * @param gpuMemoryUtilization null when the run did not set it (vLLM's default 0.90 applied)
 * @param kvBlocksTotal the KV blocks vLLM logged at startup, or null
 * @param distinctPrompts the workload's groups × users: how many different prompts it cycles through
 * @param overloaded the run's notes say it saturated (timeouts): its latencies are not steady state
 */
public record MeasuredExperiment(
    String id,
    String model,
    String gpu,
    int tp,
    int maxNumBatchedTokens,
    int maxNumSeqs,
    Double gpuMemoryUtilization,
    int blockSizeTokens,
    Long kvBlocksTotal,
    int distinctPrompts,
    int systemPromptTokens,
    int questionTokens,
    int outputTokens,
    boolean overloaded,
    List<Stage> stages) {

  public MeasuredExperiment {
    stages = List.copyOf(stages);
  }

  /**
   * One constant-rate stage.
   *
   * @param rateRps the offered rate, or null where the source did not record it
   * @param promptTokensMean measured mean prompt length, or null
   * @param outputTokensMean measured mean output length, or null
   */
  public record Stage(
      int index,
      Double rateRps,
      double ttftMeanMs,
      double tpotMeanMs,
      double e2eMeanMs,
      Double promptTokensMean,
      Double outputTokensMean) {}

  public double gpuMemoryUtilizationOrDefault() {
    return gpuMemoryUtilization != null ? gpuMemoryUtilization
        : KvCapacity.DEFAULT_GPU_MEMORY_UTILIZATION;
  }
}
