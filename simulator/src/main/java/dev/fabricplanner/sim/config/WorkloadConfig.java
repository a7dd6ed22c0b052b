package dev.fabricplanner.sim.config;

import java.util.Optional;

/**
 * What arrives: when, of which type, and how big.
 *
 * @param durationS seconds during which requests arrive (defaults to the run's duration_s)
 * @param arrival the arrival process
 * @param mix relative weights of the request types
 * @param llm token counts of LLM requests
 * @param vision image sizes of vision requests
 * @param asr audio lengths of speech requests
 * @param tenants how requests spread over tenants
 * @param trace a request trace replayed instead of drawing requests (then arrival, mix and sizes are
 *     unused; tenants still apply)
 * @param sharedPrefix inference-perf's shared_prefix workload with its load stages, drawn instead of
 *     arrival, mix and sizes
 * @param clientTimeoutS seconds after its arrival at which an unanswered request's client disconnects
 *     (the server aborts it, and it counts as failed); empty: clients wait
 */
public record WorkloadConfig(
    double durationS,
    Arrival arrival,
    RequestMix mix,
    LlmWorkload llm,
    VisionWorkload vision,
    AsrWorkload asr,
    TenantConfig tenants,
    Optional<TraceConfig> trace,
    Optional<SharedPrefixWorkload> sharedPrefix,
    Optional<Double> clientTimeoutS) {

  /** A workload whose clients wait for every answer. */
  public WorkloadConfig(
      double durationS,
      Arrival arrival,
      RequestMix mix,
      LlmWorkload llm,
      VisionWorkload vision,
      AsrWorkload asr,
      TenantConfig tenants,
      Optional<TraceConfig> trace,
      Optional<SharedPrefixWorkload> sharedPrefix) {
    this(durationS, arrival, mix, llm, vision, asr, tenants, trace, sharedPrefix, Optional.empty());
  }

  /** A generated workload (no trace, no shared_prefix). */
  public WorkloadConfig(
      double durationS,
      Arrival arrival,
      RequestMix mix,
      LlmWorkload llm,
      VisionWorkload vision,
      AsrWorkload asr,
      TenantConfig tenants) {
    this(durationS, arrival, mix, llm, vision, asr, tenants, Optional.empty(), Optional.empty());
  }

  /** This workload replaying {@code replay} instead (for {@code --trace}). */
  public WorkloadConfig withTrace(TraceConfig replay) {
    return new WorkloadConfig(durationS, arrival, mix, llm, vision, asr, tenants,
        Optional.of(replay), Optional.empty(), clientTimeoutS);
  }
}
