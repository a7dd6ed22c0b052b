package dev.fabricplanner.sim.config;

import java.util.List;
import java.util.Optional;

/** Reads {@code workload}: arrivals, mix, per-type sizes and tenants. */
final class WorkloadReader {
  private WorkloadReader() {}

  static WorkloadConfig read(YamlMap root, double runDurationS) {
    Optional<YamlMap> found =
        root.requiredMap(
            ConfigKeys.WORKLOAD_KEY.name(), "a mapping with arrival (and mix, llm, ...)");
    if (found.isEmpty()) {
      return defaults(runDurationS);
    }
    YamlMap map = found.get();
    WorkloadConfig defaults = ConfigKeys.WORKLOAD.defaults();
    double durationS = ConfigKeys.WORKLOAD_DURATION_S.readOr(map, runDurationS);
    Optional<TraceConfig> trace = WorkloadSourceReader.trace(map);
    Optional<SharedPrefixWorkload> sharedPrefix = WorkloadSourceReader.sharedPrefix(map);
    if (trace.isPresent() && sharedPrefix.isPresent()) {
      map.problem(
          ConfigKeys.SHARED_PREFIX_KEY.name(),
          "cannot be combined with trace: choose one source of requests");
    }
    // A trace or shared_prefix brings its own arrivals, so arrival is optional beside them.
    boolean drawn = trace.isEmpty() && sharedPrefix.isEmpty();
    Arrival arrival =
        drawn ? ConfigKeys.ARRIVAL.require(map) : ConfigKeys.ARRIVAL.read(map, defaults);
    RequestMix mix = ConfigKeys.MIX_KEY.read(map, defaults);
    LlmWorkload llm = ConfigKeys.LLM_KEY.read(map, defaults);
    VisionWorkload vision = ConfigKeys.VISION_KEY.read(map, defaults);
    AsrWorkload asr = ConfigKeys.ASR_KEY.read(map, defaults);
    TenantConfig tenants = ConfigKeys.TENANTS_KEY.read(map, defaults);
    double timeout = ConfigKeys.CLIENT_TIMEOUT_S.read(map, defaults);
    Optional<Double> clientTimeoutS =
        Double.isNaN(timeout) ? Optional.empty() : Optional.of(timeout);
    map.finish();
    return new WorkloadConfig(
        durationS, arrival, mix, llm, vision, asr, tenants, trace, sharedPrefix, clientTimeoutS);
  }

  private static WorkloadConfig defaults(double durationS) {
    return ConfigKeys.WORKLOAD.defaults().withDurationS(durationS);
  }

  /** {@code type: mmpp}'s keys, checked against each other (one rate and dwell time per state). */
  static Arrival.Mmpp mmpp(YamlMap map, Arrival.Mmpp defaults) {
    int states = ConfigKeys.MMPP_STATES.require(map).intValue();
    List<Double> rates = ConfigKeys.MMPP_RATES_RPS.require(map);
    List<Double> dwell = ConfigKeys.MMPP_DWELL_S.require(map);
    String ratesKey = ConfigKeys.MMPP_RATES_RPS.name();
    String dwellKey = ConfigKeys.MMPP_DWELL_S.name();
    boolean ok = true;
    if (map.has(ratesKey) && rates.size() != states) {
      map.problem(
          ratesKey, "must have one rate per state (states: " + states + "), got " + rates.size());
      ok = false;
    }
    if (map.has(dwellKey) && dwell.size() != states) {
      map.problem(
          dwellKey,
          "must have one dwell time per state (states: " + states + "), got " + dwell.size());
      ok = false;
    }
    if (ok && rates.size() == states && rates.stream().allMatch(rate -> rate == 0)) {
      map.problem(ratesKey, "at least one state must have a rate > 0");
    }
    if (!ok || rates.size() != states || dwell.size() != states) {
      return defaults;
    }
    return new Arrival.Mmpp(states, rates, dwell);
  }

  /** A mix's keys: one left out is 0, and the three must sum to 1. */
  static RequestMix mix(YamlMap map) {
    RequestMix mix =
        new RequestMix(
            ConfigKeys.MIX_LLM.readOr(map, 0.0),
            ConfigKeys.MIX_VISION.readOr(map, 0.0),
            ConfigKeys.MIX_ASR.readOr(map, 0.0));
    if (Math.abs(mix.total() - 1) > 1e-9) {
      // A mix that does not sum to 1 is a typo more often than a choice: refuse it, as mesh-sim
      // documents, rather than rescale it silently.
      map.problems()
          .at(map.node(), map.path(),
              "the fractions of llm, vision and asr must sum to 1, got " + Bound.format(mix.total()));
      return ReferenceConfig.MIX;
    }
    return mix;
  }
}
