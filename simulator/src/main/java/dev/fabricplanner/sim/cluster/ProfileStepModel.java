package dev.fabricplanner.sim.cluster;

import dev.fabricplanner.sim.exec.ExecutionModel;
import dev.fabricplanner.sim.exec.StepBatch;

/**
 * Step time from a GPU profile's own figures, for configs that name no model: prefill at the
 * profile's prompt rate, a decode step that grows with the batch as the profile says, plus the time
 * to read the batch's KV cache.
 *
 * <pre>
 *   step_ms = overhead + prefill_tokens x prefill_ms_per_token
 *           + (B > 0 ? base x (1 + growth x (B - 1)) + context_tokens x context_ms_per_token : 0)
 * </pre>
 *
 * The batch-1 decode step of the profiles is the weight-read floor (weights / HBM bandwidth), so the
 * HBM bandwidth it implies prices the KV read: {@code context_ms_per_token = kv_bytes_per_token x base
 * / weights_bytes}. Prefill attention's quadratic term is not in the profiles' rates and is left out.
 */
public final class ProfileStepModel implements ExecutionModel {
  private final double overheadMs;
  private final double prefillMsPerToken;
  private final double baseMs;
  private final double growthPerSeq;
  private final double contextMsPerToken;

  public ProfileStepModel(
      double overheadMs,
      double prefillMsPerToken,
      double baseMs,
      double growthPerSeq,
      double contextMsPerToken) {
    this.overheadMs = overheadMs;
    this.prefillMsPerToken = prefillMsPerToken;
    this.baseMs = baseMs;
    this.growthPerSeq = growthPerSeq;
    this.contextMsPerToken = contextMsPerToken;
  }

  @Override
  public double stepMs(StepBatch batch) {
    double ms = overheadMs + batch.prefillTokens * prefillMsPerToken;
    int b = batch.decodeSequences;
    if (b > 0) {
      ms += baseMs * (1 + growthPerSeq * (b - 1)) + batch.decodeContextTokens * contextMsPerToken;
    }
    return ms;
  }

  @Override
  public String describe() {
    return String.format(
        java.util.Locale.ROOT,
        "profile step model: %.4f ms + %.6f ms/prefill token + %.4f ms x (1 + %.4f (B - 1))"
            + " + %.3e ms/context token",
        overheadMs, prefillMsPerToken, baseMs, growthPerSeq, contextMsPerToken);
  }
}
