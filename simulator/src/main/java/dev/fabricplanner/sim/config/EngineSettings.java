package dev.fabricplanner.sim.config;

/**
 * The serving engine each server runs, vLLM V1 style: its scheduler limits, paged KV cache and the
 * model terms that are not step time. One block for the whole topology ({@code topology.engine});
 * see docs/CONFIG.md for defaults and their sources.
 *
 * @param maxNumBatchedTokens token budget of one step (decode tokens plus prefill chunks)
 * @param maxNumSeqs most requests running at once; 0 takes each GPU profile's {@code concurrency}
 * @param gpuMemoryUtilization fraction of VRAM the engine may use for weights, activations and KV
 * @param blockSize tokens per KV block
 * @param activationGb VRAM reserved for activations, per GPU, in GB (kept out of the KV cache)
 * @param stepOverheadMs fixed time added to every step (CPU scheduling, kernel launches)
 * @param schedulingDelayMs time from a request reaching its server to the scheduler seeing it
 *     (API server, tokenization), fixed part
 * @param schedulingDelayUsPerToken the part of that delay per prompt token, in microseconds
 * @param enablePrefixCaching whether a prompt's cached blocks are reused (needs prompt block hashes)
 * @param model model catalog name ({@code ModelCatalog}); empty: the GPU profiles' own figures
 * @param gpu GPU catalog name ({@code GpuSpecs}); empty: each profile's name, then its catalog entry
 * @param tp tensor-parallel GPUs per server (with a model)
 * @param pp pipeline stages per server (with a model): a server spans tp × pp GPUs
 * @param executionModel with a model: {@code calibrated} (default: a calibration's fitted linear model
 *     where it has one for this model × GPU × TP, else the roofline with its fitted efficiencies) or
 *     {@code roofline} (the roofline with its sourced default efficiencies, before any fit)
 * @param coefficients the calibration {@code calibrated} uses: a {@code planner calibrate} file;
 *     empty: the one shipped with the simulator
 */
public record EngineSettings(
    int maxNumBatchedTokens,
    int maxNumSeqs,
    double gpuMemoryUtilization,
    int blockSize,
    double activationGb,
    double stepOverheadMs,
    double schedulingDelayMs,
    double schedulingDelayUsPerToken,
    boolean enablePrefixCaching,
    String model,
    String gpu,
    int tp,
    int pp,
    String executionModel,
    String coefficients) {

  public static final String ROOFLINE = "roofline";
  public static final String CALIBRATED = "calibrated";

  /** vLLM V1's scheduler defaults (see docs/CONFIG.md); no extra overheads. */
  public static EngineSettings defaults() {
    return new EngineSettings(
        ReferenceConfig.MAX_NUM_BATCHED_TOKENS, 0, ReferenceConfig.GPU_MEMORY_UTILIZATION,
        ReferenceConfig.BLOCK_SIZE, 0, 0, 0, 0, true, "", "", 1, 1, CALIBRATED, "");
  }

  /** Whether servers run the roofline model of a catalog model rather than the profiles' figures. */
  public boolean namesModel() {
    return !model.isEmpty();
  }

  /** GPUs one server spans: tp × pp with a catalog model, else one. */
  public int gpusPerServer() {
    return namesModel() ? tp * pp : 1;
  }

  /** Milliseconds before the scheduler sees a request of {@code promptTokens} tokens. */
  public double schedulingDelayMs(int promptTokens) {
    return schedulingDelayMs + schedulingDelayUsPerToken * promptTokens / 1000.0;
  }
}
