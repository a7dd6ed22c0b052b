package dev.fabricplanner.sim.config;

/**
 * One kind of GPU serving one model. The first six fields are mesh-sim's; the rest are ours and
 * default from {@link GpuCatalog} by name (H100, A100, L40S, H200, B200), see docs/CONFIG.md for
 * sources.
 *
 * @param name profile name; its prefix picks the catalog entry for the defaults
 * @param tokensPerS mesh-sim's aggregate throughput (input + output tokens per second at full
 *     batch)
 * @param concurrency sequences served at once (the continuous batch's upper limit)
 * @param vramTotalGb GPU memory in GB (10^9 bytes)
 * @param batchWindowMs mesh-sim's batch window; read and written back, not used by the step engine
 * @param kvCacheGbPerReq mesh-sim's fixed KV cache per request, used when {@code kvBytesPerToken}
 *     is 0
 * @param prefillTokensPerS prompt tokens processed per second (batch 1)
 * @param decodeTokensPerS output tokens per second for one sequence decoding alone (batch 1)
 * @param decodeSlowdownPerSeq fractional growth of a decode step per extra sequence in the batch: a
 *     step at batch B takes {@code (1 + decodeSlowdownPerSeq * (B - 1))} times the batch-1 step
 * @param modelWeightsGb VRAM taken by the model's weights, in GB
 * @param kvBytesPerToken KV cache bytes per token of context; 0 means size KV per request by {@code
 *     kvCacheGbPerReq} (mesh-sim's model)
 * @param pricePerHour USD per GPU-hour
 * @param share relative weight of this profile in a mixed fleet
 */
public record GpuProfile(
    String name,
    long tokensPerS,
    int concurrency,
    double vramTotalGb,
    double batchWindowMs,
    double kvCacheGbPerReq,
    double prefillTokensPerS,
    double decodeTokensPerS,
    double decodeSlowdownPerSeq,
    double modelWeightsGb,
    long kvBytesPerToken,
    double pricePerHour,
    double share) {

  /** Milliseconds of one decode step with {@code batch} sequences in the batch. */
  public double decodeStepMs(int batch) {
    return 1000.0 / decodeTokensPerS * (1 + decodeSlowdownPerSeq * (Math.max(batch, 1) - 1));
  }

  /** VRAM left for KV cache once the weights are loaded, in GB. */
  public double kvCapacityGb() {
    return Math.max(0, vramTotalGb - modelWeightsGb);
  }
}
