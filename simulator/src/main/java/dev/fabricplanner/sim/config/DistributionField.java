package dev.fabricplanner.sim.config;

import java.util.List;

/**
 * The fields that hold a {@link Distribution}: which kinds each accepts, what its values must be,
 * and the key names of its uniform bounds (mesh-sim spells them per field).
 */
enum DistributionField {
  TOKENS(
      List.of("lognormal", "poisson", "constant", "uniform", "discrete"),
      "min",
      "max",
      Bound.positive()),
  IMAGE_PIXELS(
      List.of("uniform", "discrete", "constant"), "min_pixels", "max_pixels", Bound.positive()),
  COMPLEXITY(List.of("uniform", "constant"), "min", "max", Bound.positive()),
  AUDIO_SECONDS(List.of("exponential", "uniform", "constant"), "min_s", "max_s", Bound.positive()),
  LATENCY_MS(List.of("normal", "uniform", "constant"), "min", "max", Bound.nonNegative());

  final List<String> kinds;
  final String minKey;
  final String maxKey;
  final Bound values;

  DistributionField(List<String> kinds, String minKey, String maxKey, Bound values) {
    this.kinds = kinds;
    this.minKey = minKey;
    this.maxKey = maxKey;
    this.values = values;
  }
}
