package dev.fabricplanner.sim.config;

import java.util.List;
import java.util.Optional;

/** Reads {@code workload}: arrivals, mix, per-type sizes and tenants. */
final class WorkloadReader {
  private WorkloadReader() {}

  static WorkloadConfig read(YamlMap root, double runDurationS) {
    Optional<YamlMap> found =
        root.requiredMap("workload", "a mapping with arrival (and mix, llm, ...)");
    if (found.isEmpty()) {
      return defaults(runDurationS);
    }
    YamlMap map = found.get();
    double durationS = map.number("duration_s", runDurationS, Bound.positive());
    Optional<TraceConfig> trace = WorkloadSourceReader.trace(map);
    Optional<SharedPrefixWorkload> sharedPrefix = WorkloadSourceReader.sharedPrefix(map);
    if (trace.isPresent() && sharedPrefix.isPresent()) {
      map.problem("shared_prefix", "cannot be combined with trace: choose one source of requests");
    }
    // A trace or shared_prefix brings its own arrivals, so arrival is optional beside them.
    boolean drawn = trace.isEmpty() && sharedPrefix.isEmpty();
    Arrival arrival =
        (drawn
                ? map.requiredMap("arrival", "a mapping with type: poisson or mmpp")
                : map.map("arrival"))
            .map(WorkloadReader::arrival)
            .orElse(new Arrival.Poisson(1));
    RequestMix mix = map.map("mix").map(WorkloadReader::mix).orElse(ReferenceConfig.MIX);
    LlmWorkload llm = map.map("llm").map(ConfigKeys.LLM::read).orElse(ConfigKeys.LLM.defaults());
    VisionWorkload vision =
        map.map("vision").map(ConfigKeys.VISION::read).orElse(ConfigKeys.VISION.defaults());
    AsrWorkload asr = map.map("asr").map(ConfigKeys.ASR::read).orElse(ConfigKeys.ASR.defaults());
    TenantConfig tenants =
        map.map("tenants").map(WorkloadReader::tenants).orElse(ReferenceConfig.TENANTS);
    Optional<Double> clientTimeoutS = map.has("client_timeout_s")
        ? Optional.of(map.number("client_timeout_s", 0, Bound.positive()))
        : Optional.empty();
    map.finish();
    return new WorkloadConfig(
        durationS, arrival, mix, llm, vision, asr, tenants, trace, sharedPrefix, clientTimeoutS);
  }

  private static WorkloadConfig defaults(double durationS) {
    return new WorkloadConfig(
        durationS,
        new Arrival.Poisson(1),
        ReferenceConfig.MIX,
        ConfigKeys.LLM.defaults(),
        ConfigKeys.VISION.defaults(),
        ConfigKeys.ASR.defaults(),
        ReferenceConfig.TENANTS);
  }

  private static Arrival arrival(YamlMap map) {
    Optional<String> type = map.choice("type", List.of("poisson", "mmpp"), null);
    if (type.isEmpty()) {
      // Which other keys belong here depends on the type: without one, naming them would be noise.
      return new Arrival.Poisson(1);
    }
    Arrival result =
        type.get().equals("poisson")
            ? new Arrival.Poisson(map.requiredNumber("rps", Bound.positive()))
            : mmpp(map);
    map.finish();
    return result;
  }

  private static Arrival mmpp(YamlMap map) {
    int states = (int) map.requiredInteger("states", Bound.integerIn(1, 1_000_000));
    List<Double> rates = DistributionReader.numbers(map, "rates_rps", Bound.nonNegative());
    List<Double> dwell = DistributionReader.numbers(map, "dwell_s", Bound.positive());
    boolean ok = true;
    if (map.has("rates_rps") && rates.size() != states) {
      map.problem(
          "rates_rps",
          "must have one rate per state (states: " + states + "), got " + rates.size());
      ok = false;
    }
    if (map.has("dwell_s") && dwell.size() != states) {
      map.problem(
          "dwell_s",
          "must have one dwell time per state (states: " + states + "), got " + dwell.size());
      ok = false;
    }
    if (ok && rates.size() == states && rates.stream().allMatch(rate -> rate == 0)) {
      map.problem("rates_rps", "at least one state must have a rate > 0");
    }
    if (!ok || rates.size() != states || dwell.size() != states) {
      return new Arrival.Poisson(1);
    }
    return new Arrival.Mmpp(states, rates, dwell);
  }

  private static RequestMix mix(YamlMap map) {
    Bound share = Bound.nonNegative();
    RequestMix mix =
        new RequestMix(
            map.number("llm", 0, share),
            map.number("vision", 0, share),
            map.number("asr", 0, share));
    if (Math.abs(mix.total() - 1) > 1e-9) {
      // A mix that does not sum to 1 is a typo more often than a choice: refuse it, as mesh-sim
      // documents, rather than rescale it silently.
      map.problems()
          .at(map.node(), map.path(),
              "the fractions of llm, vision and asr must sum to 1, got " + Bound.format(mix.total()));
      mix = ReferenceConfig.MIX;
    }
    map.finish();
    return mix;
  }

  private static TenantConfig tenants(YamlMap map) {
    TenantSkew skew =
        map.map("skew").map(WorkloadReader::skew).orElse(ReferenceConfig.TENANTS.skew());
    int count =
        (int)
            map.integer(
                "count", ReferenceConfig.TENANTS.count(), Bound.integerIn(1, Integer.MAX_VALUE));
    map.finish();
    return new TenantConfig(skew, count);
  }

  private static TenantSkew skew(YamlMap map) {
    Optional<String> type = map.choice("type", List.of("zipf", "uniform"), null);
    if (type.isEmpty()) {
      return ReferenceConfig.TENANTS.skew();
    }
    TenantSkew skew =
        type.get().equals("zipf")
            ? new TenantSkew.Zipf(map.requiredNumber("s", Bound.positive()))
            : new TenantSkew.Uniform();
    map.finish();
    return skew;
  }
}
