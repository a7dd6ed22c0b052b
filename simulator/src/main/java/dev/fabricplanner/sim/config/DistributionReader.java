package dev.fabricplanner.sim.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/** Reads a {@code {dist: ..., ...}} mapping into a {@link Distribution}. */
final class DistributionReader {
  private DistributionReader() {}

  /** The distribution under {@code key}, or {@code fallback} when absent or unreadable. */
  static Distribution read(
      YamlMap parent, String key, DistributionField field, Distribution fallback) {
    return parent.map(key).map(map -> read(map, field, fallback)).orElse(fallback);
  }

  private static Distribution read(YamlMap map, DistributionField field, Distribution fallback) {
    Optional<String> kind = map.choice("dist", field.kinds, null);
    if (kind.isEmpty()) {
      return fallback;
    }
    Distribution result =
        switch (kind.get()) {
          case "constant" -> new Distribution.Constant(map.requiredNumber("value", field.values));
          case "poisson" ->
              new Distribution.Poisson(map.requiredNumber("lambda", Bound.positive()));
          case "exponential" ->
              new Distribution.Exponential(map.requiredNumber("lambda", Bound.positive()));
          case "lognormal" -> logNormal(map);
          case "normal" ->
              new Distribution.Normal(
                  map.requiredNumber("mean", field.values),
                  map.requiredNumber("std", Bound.nonNegative()));
          case "uniform" -> uniform(map, field);
          case "discrete" -> discrete(map, field);
          default -> throw new IllegalStateException("unhandled dist " + kind.get());
        };
    map.finish();
    return result;
  }

  /** mesh-sim's {@code mu, sigma}, or the distribution's own {@code mean, std}. */
  private static Distribution logNormal(YamlMap map) {
    boolean byLog = map.has("mu") || map.has("sigma");
    boolean byMoments = map.has("mean") || map.has("std");
    if (byLog && byMoments) {
      map.problem("mu", "give mu and sigma, or mean and std, not both");
      return ReferenceConfig.LLM_IN_TOKENS;
    }
    if (byMoments) {
      double mean = map.requiredNumber("mean", Bound.positive());
      double std = map.requiredNumber("std", Bound.nonNegative());
      return Distribution.LogNormal.ofMeanAndStd(mean, std);
    }
    if (!byLog) {
      map.missing("mu", "a number (with sigma), or give mean and std instead");
      return ReferenceConfig.LLM_IN_TOKENS;
    }
    return new Distribution.LogNormal(
        map.requiredNumber("mu", Bound.anyNumber()),
        map.requiredNumber("sigma", Bound.nonNegative()));
  }

  private static Distribution uniform(YamlMap map, DistributionField field) {
    double min = map.requiredNumber(field.minKey, field.values);
    double max = map.requiredNumber(field.maxKey, field.values);
    if (max < min) {
      map.problem(
          field.maxKey,
          "must be >= " + field.minKey + " (" + Bound.format(min) + "), got " + Bound.format(max));
      return new Distribution.Uniform(min, min);
    }
    return new Distribution.Uniform(min, max);
  }

  /** {@code values} and {@code weights}, or mesh-sim's {@code sizes: [[value, weight], ...]}. */
  private static Distribution discrete(YamlMap map, DistributionField field) {
    ConfigProblems problems = map.problems();
    List<Double> values = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    boolean bySizes = map.has("sizes");
    if (bySizes && (map.has("values") || map.has("weights"))) {
      map.problem("sizes", "give sizes, or values and weights, not both");
      return new Distribution.Constant(1);
    }
    if (bySizes) {
      List<Node> pairs = map.list("sizes").orElse(List.of());
      for (int i = 0; i < pairs.size(); i++) {
        String path = map.pathOf("sizes") + "[" + i + "]";
        List<Node> pair = YamlMap.items(pairs.get(i), path, problems).orElse(null);
        if (pair == null) {
          continue;
        }
        if (pair.size() != 2) {
          problems.at(
              pairs.get(i), path, "must be a [value, weight] pair, got " + pair.size() + " items");
          continue;
        }
        values.add(
            YamlScalar.number(pair.get(0), path + "[0]", field.values, problems).orElse(1.0));
        weights.add(
            YamlScalar.number(pair.get(1), path + "[1]", Bound.nonNegative(), problems)
                .orElse(1.0));
      }
    } else {
      values = numbers(map, "values", field.values);
      weights = numbers(map, "weights", Bound.nonNegative());
      if (values.size() != weights.size()) {
        map.problem(
            "weights",
            "must have one weight per value (" + values.size() + " values), got " + weights.size());
        return new Distribution.Constant(1);
      }
    }
    if (values.isEmpty()) {
      map.problem(bySizes ? "sizes" : "values", "must list at least one value");
      return new Distribution.Constant(1);
    }
    if (weights.stream().mapToDouble(Double::doubleValue).sum() <= 0) {
      map.problem(bySizes ? "sizes" : "weights", "weights must sum to more than 0");
      return new Distribution.Constant(1);
    }
    return new Distribution.Discrete(values, weights);
  }

  /** A required list of numbers under {@code key}. */
  static List<Double> numbers(YamlMap map, String key, Bound bound) {
    if (!map.has(key)) {
      map.missing(key, "a list of numbers, each " + bound.describe());
      return new ArrayList<>();
    }
    List<Double> result = new ArrayList<>();
    List<Node> items = map.list(key).orElse(List.of());
    for (int i = 0; i < items.size(); i++) {
      result.add(
          YamlScalar.number(items.get(i), map.pathOf(key) + "[" + i + "]", bound, map.problems())
              .orElse(bound.placeholder()));
    }
    return result;
  }
}
