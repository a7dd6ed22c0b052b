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
    YamlBlock root =
        new YamlBlock()
            .scalar("seed", YamlBlock.integer(config.seed()), note("seed"))
            .scalar("duration_s", YamlBlock.number(config.durationS()), note("duration_s"))
            .scalar("warmup_s", YamlBlock.number(config.warmupS()), note("warmup_s"))
            .scalar(
                "decision_cost_us",
                YamlBlock.number(config.decisionCostUs()),
                note("decision_cost_us"))
            .block("workload", ConfigKeys.WORKLOAD.write(config.workload(), this::note), note("workload"))
            .block("topology", topology(config.topology()), note("topology"))
            .block("network", network(config.network()), note("network"))
            .block("signals", signals(config.signals()), note("signals"));
    config
        .serviceModel()
        .ifPresent(
            model -> root.block("service_model", serviceModel(model), note("service_model")));
    List<YamlBlock> faults = new ArrayList<>();
    for (Fault fault : config.faults()) {
      faults.add(fault(fault));
    }
    root.blocks("faults", faults, List.of(), note("faults"));
    List<String> strategies = new ArrayList<>();
    for (String strategy : config.strategies()) {
      strategies.add(YamlBlock.string(strategy));
    }
    root.lines("strategies", strategies, note("strategies"));
    YamlBlock params = new YamlBlock();
    config
        .strategyParams()
        .forEach(
            (strategy, settings) -> {
              YamlBlock block = new YamlBlock();
              settings.forEach((key, value) -> block.scalar(key, plain(value), null));
              params.block(strategy, block, note("strategy_params." + strategy));
            });
    root.block("strategy_params", params, note("strategy_params"));
    config.disaggregation().ifPresent(
        d -> root.block("disaggregation", disaggregation(d), note("disaggregation")));
    return root;
  }

  private YamlBlock disaggregation(DisaggregationConfig d) {
    return ConfigKeys.DISAGGREGATION.write(d, this::note);
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

  private YamlBlock topology(TopologyConfig topology) {
    return ConfigKeys.TOPOLOGY.write(topology, this::note);
  }

  private YamlBlock network(NetworkConfig network) {
    return ConfigKeys.NETWORK.write(network, this::note);
  }

  private YamlBlock signals(SignalConfig signals) {
    return ConfigKeys.SIGNALS.write(signals, this::note);
  }

  private static YamlBlock serviceModel(ServiceModel model) {
    return ConfigKeys.SERVICE_MODEL.write(model, path -> null);
  }

  /** Defaults (all cells, for the rest of the run) are left out, as the loader reads them back. */
  private static YamlBlock fault(Fault fault) {
    return ConfigKeys.FAULT.write(fault, path -> null);
  }

  private static List<String> numbers(List<Double> values) {
    List<String> texts = new ArrayList<>();
    for (double value : values) {
      texts.add(YamlBlock.number(value));
    }
    return texts;
  }

  private static String plain(Object value) {
    if (value instanceof Double number) {
      // Keep a decimal point so that the value reads back as a Double, not a Long.
      String text = YamlBlock.number(number);
      return text.contains(".") || text.contains("E") ? text : text + ".0";
    }
    if (value instanceof String text) {
      return YamlBlock.string(text);
    }
    return String.valueOf(value);
  }
}
