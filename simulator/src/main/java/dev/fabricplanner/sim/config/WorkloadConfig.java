package dev.fabricplanner.sim.config;

import java.util.Optional;
import java.util.function.Consumer;

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

  /** This workload with arrivals lasting {@code newDurationS}. */
  public WorkloadConfig withDurationS(double newDurationS) {
    return edit(d -> d.durationS = newDurationS);
  }

  /** This workload with another arrival process. */
  public WorkloadConfig withArrival(Arrival newArrival) {
    return edit(d -> d.arrival = newArrival);
  }

  /** This workload replaying {@code replay} instead (for {@code --trace}). */
  public WorkloadConfig withTrace(TraceConfig replay) {
    return edit(d -> {
      d.trace = Optional.of(replay);
      d.sharedPrefix = Optional.empty();
    });
  }

  /** This workload drawing inference-perf's shared_prefix workload instead. */
  public WorkloadConfig withSharedPrefix(SharedPrefixWorkload shared) {
    return edit(d -> {
      d.trace = Optional.empty();
      d.sharedPrefix = Optional.of(shared);
    });
  }

  /** This workload with clients that disconnect {@code seconds} after arriving unanswered. */
  public WorkloadConfig withClientTimeoutS(double seconds) {
    return edit(d -> d.clientTimeoutS = Optional.of(seconds));
  }

  /** A copy of this workload with {@code change} applied: the with-methods' one field list. */
  private WorkloadConfig edit(Consumer<Draft> change) {
    Draft d = new Draft();
    change.accept(d);
    return new WorkloadConfig(
        d.durationS, d.arrival, d.mix, d.llm, d.vision, d.asr, d.tenants, d.trace, d.sharedPrefix,
        d.clientTimeoutS);
  }

  /** This workload's fields, open to change while {@link #edit} builds the copy. */
  private final class Draft {
    double durationS = WorkloadConfig.this.durationS;
    Arrival arrival = WorkloadConfig.this.arrival;
    RequestMix mix = WorkloadConfig.this.mix;
    LlmWorkload llm = WorkloadConfig.this.llm;
    VisionWorkload vision = WorkloadConfig.this.vision;
    AsrWorkload asr = WorkloadConfig.this.asr;
    TenantConfig tenants = WorkloadConfig.this.tenants;
    Optional<TraceConfig> trace = WorkloadConfig.this.trace;
    Optional<SharedPrefixWorkload> sharedPrefix = WorkloadConfig.this.sharedPrefix;
    Optional<Double> clientTimeoutS = WorkloadConfig.this.clientTimeoutS;
  }
}
