package dev.fabricplanner.sim.config;

import dev.fabricplanner.core.AtomicFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a config as YAML with every key present (the resolved config a run used), in a fixed key
 * order, so that it loads back to an equal {@link SimulationConfig} and the same config always
 * gives the same bytes. Optional comments, keyed by field path ({@code
 * topology.gpu_profiles[0].share}), annotate the generated examples.
 */
public final class ConfigWriter {
  private final Map<String, String> comments;

  private ConfigWriter(Map<String, String> comments) {
    this.comments = comments;
  }

  /** The resolved config as YAML. */
  public static String toYaml(SimulationConfig config) {
    return toYaml(config, null, Map.of());
  }

  /** The config as YAML under a header comment, with comments above the keys named in comments. */
  public static String toYaml(
      SimulationConfig config, String header, Map<String, String> comments) {
    String body = new ConfigWriter(comments).root(config).render();
    if (header == null) {
      return body;
    }
    StringBuilder out = new StringBuilder();
    for (String line : header.split("\n", -1)) {
      out.append(line.isEmpty() ? "#" : "# " + line).append('\n');
    }
    return out.append(body).toString();
  }

  /** Writes the resolved config to {@code file} atomically (a temp file beside it, then a move). */
  public static void write(SimulationConfig config, Path file) throws IOException {
    AtomicFile.writeString(file, toYaml(config));
  }

  private String note(String path) {
    return comments.get(path);
  }

  private YamlBlock root(SimulationConfig config) {
    return ConfigKeys.ROOT.write(config, this::note);
  }

  static YamlBlock distribution(Distribution distribution, DistributionField field) {
    YamlBlock block = new YamlBlock();
    if (distribution instanceof Distribution.Constant constant) {
      return block
          .scalar("dist", "constant", null)
          .scalar("value", YamlBlock.number(constant.value()), null);
    }
    if (distribution instanceof Distribution.Poisson poisson) {
      return block
          .scalar("dist", "poisson", null)
          .scalar("lambda", YamlBlock.number(poisson.lambda()), null);
    }
    if (distribution instanceof Distribution.Exponential exponential) {
      return block
          .scalar("dist", "exponential", null)
          .scalar("lambda", YamlBlock.number(exponential.lambda()), null);
    }
    if (distribution instanceof Distribution.LogNormal logNormal) {
      return block
          .scalar("dist", "lognormal", null)
          .scalar("mu", YamlBlock.number(logNormal.mu()), null)
          .scalar("sigma", YamlBlock.number(logNormal.sigma()), null);
    }
    if (distribution instanceof Distribution.Normal normal) {
      return block
          .scalar("dist", "normal", null)
          .scalar("mean", YamlBlock.number(normal.mean()), null)
          .scalar("std", YamlBlock.number(normal.std()), null);
    }
    if (distribution instanceof Distribution.Uniform uniform) {
      return block
          .scalar("dist", "uniform", null)
          .scalar(field.minKey, YamlBlock.number(uniform.min()), null)
          .scalar(field.maxKey, YamlBlock.number(uniform.max()), null);
    }
    Distribution.Discrete discrete = (Distribution.Discrete) distribution;
    return block
        .scalar("dist", "discrete", null)
        .scalars("values", numbers(discrete.values()), null)
        .scalars("weights", numbers(discrete.weights()), null);
  }

  private static List<String> numbers(List<Double> values) {
    List<String> texts = new ArrayList<>();
    for (double value : values) {
      texts.add(YamlBlock.number(value));
    }
    return texts;
  }
}
