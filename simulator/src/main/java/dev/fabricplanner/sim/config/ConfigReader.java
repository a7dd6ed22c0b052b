package dev.fabricplanner.sim.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/** Reads the root mapping of a config into a {@link SimulationConfig}, reporting into problems. */
final class ConfigReader {
  private static final Pattern STRATEGY_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.$-]*");

  private ConfigReader() {}

  static SimulationConfig read(YamlMap root) {
    long seed = root.integer("seed", ReferenceConfig.SEED, Bound.integerAtLeast(0));
    int before = root.problems().count();
    double durationS = root.requiredNumber("duration_s", Bound.positive());
    // Checks against the duration make sense only when it was read; else they would repeat its
    // problem.
    double knownDurationS =
        root.problems().count() == before ? durationS : Double.POSITIVE_INFINITY;
    double warmupS = root.number("warmup_s", ReferenceConfig.WARMUP_S, Bound.nonNegative());
    if (warmupS >= knownDurationS && root.has("warmup_s")) {
      root.problem(
          "warmup_s",
          "must be less than duration_s ("
              + Bound.format(durationS)
              + "), got "
              + Bound.format(warmupS));
    }
    double decisionCostUs =
        root.number("decision_cost_us", ReferenceConfig.DECISION_COST_US, Bound.nonNegative());
    WorkloadConfig workload = WorkloadReader.read(root, durationS);
    TopologyConfig topology = TopologyReader.read(root);
    NetworkConfig network = NetworkReader.network(root);
    SignalConfig signals = NetworkReader.signals(root);
    Optional<ServiceModel> serviceModel = root.map("service_model").map(ConfigReader::serviceModel);
    List<Fault> faults = faults(root, knownDurationS, topology.cells());
    List<String> strategies = strategies(root);
    SortedMap<String, SortedMap<String, Object>> params = strategyParams(root, strategies);
    Optional<DisaggregationConfig> disaggregation = DisaggregationReader.read(root, topology);
    if (disaggregation.isEmpty()
        && faults.stream().anyMatch(f -> f.kind() == Fault.Kind.TRANSPORT_DOWN)) {
      root.problem("faults", "kind transport_down needs a disaggregation block (a fleet bound to"
          + " capability records)");
    }
    root.finish();
    return new SimulationConfig(
        seed,
        durationS,
        warmupS,
        workload,
        topology,
        network,
        signals,
        serviceModel,
        faults,
        strategies,
        params,
        decisionCostUs,
        disaggregation);
  }

  private static ServiceModel serviceModel(YamlMap map) {
    ServiceModel defaults = ConfigKeys.SERVICE_MODEL.defaults();
    ServiceModel.Kind kind = kind(ConfigKeys.SERVICE_DISTRIBUTION.read(map, defaults));
    double meanMs = ConfigKeys.SERVICE_MEAN_MS.require(map);
    int shape = 1;
    if (kind == ServiceModel.Kind.ERLANG) {
      shape = ConfigKeys.SERVICE_SHAPE.require(map).intValue();
    } else if (map.has(ConfigKeys.SERVICE_SHAPE.name())) {
      map.problem(ConfigKeys.SERVICE_SHAPE.name(), "applies only to distribution: erlang");
    }
    map.finish();
    return new ServiceModel(kind, meanMs, shape);
  }

  private static ServiceModel.Kind kind(String yamlName) {
    return ServiceModel.Kind.valueOf(yamlName.toUpperCase(Locale.ROOT));
  }

  private static List<Fault> faults(YamlMap root, double durationS, int cells) {
    List<Fault> faults = new ArrayList<>();
    List<Node> items = root.list("faults").orElse(List.of());
    Fault defaults = ConfigKeys.FAULT.defaults();
    for (int i = 0; i < items.size(); i++) {
      Optional<YamlMap> item =
          YamlMap.of(items.get(i), root.pathOf("faults") + "[" + i + "]", root.problems());
      if (item.isEmpty()) {
        continue;
      }
      YamlMap map = item.get();
      double atS = ConfigKeys.FAULT_AT_S.require(map);
      if (atS >= durationS) {
        map.problem(
            ConfigKeys.FAULT_AT_S.name(),
            "must be before the end of the run (duration_s "
                + Bound.format(durationS)
                + "), got "
                + Bound.format(atS));
      }
      Optional<Fault.Kind> kind =
          Optional.ofNullable(ConfigKeys.FAULT_KIND.require(map))
              .map(name -> Fault.Kind.valueOf(name.toUpperCase(Locale.ROOT)));
      if (kind.isEmpty()) {
        continue;
      }
      // The range of cell depends on topology.cells, so it is checked here rather than by its key.
      int cell =
          ConfigKeys.FAULT_CELL
              .readWithin(map, defaults, Bound.integerIn(0, Math.max(0, cells - 1)))
              .intValue();
      double fraction = ConfigKeys.FAULT_FRACTION.read(map, defaults);
      double factor = 1;
      String transport = null;
      if (kind.get() == Fault.Kind.TRANSPORT_DOWN) {
        transport = ConfigKeys.FAULT_TRANSPORT.readOr(map, "");
        if (transport.isEmpty()) {
          map.missing(ConfigKeys.FAULT_TRANSPORT.name(),
              "the transport that goes down (libfabric:efa, efa, nvlink ...)");
          transport = null;
        }
      } else if (map.has(ConfigKeys.FAULT_TRANSPORT.name())) {
        map.problem(ConfigKeys.FAULT_TRANSPORT.name(), "applies only to kind transport_down");
      }
      if (kind.get() == Fault.Kind.NODE_LOSS || kind.get() == Fault.Kind.TRANSPORT_DOWN) {
        if (map.has(ConfigKeys.FAULT_FACTOR.name())) {
          map.problem(
              ConfigKeys.FAULT_FACTOR.name(), "applies only to kind slowdown or link_degrade");
        }
      } else {
        factor = ConfigKeys.FAULT_FACTOR.require(map);
      }
      double duration = ConfigKeys.FAULT_DURATION_S.read(map, defaults);
      map.finish();
      faults.add(new Fault(atS, kind.get(), cell, fraction, factor, duration, transport));
    }
    faults.sort(Comparator.comparingDouble(Fault::atS));
    return faults;
  }

  private static List<String> strategies(YamlMap root) {
    if (!root.has("strategies")) {
      root.list("strategies");
      return ReferenceConfig.STRATEGIES;
    }
    List<String> strategies = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<Node> items = root.list("strategies").orElse(null);
    if (items == null) {
      return ReferenceConfig.STRATEGIES;
    }
    for (int i = 0; i < items.size(); i++) {
      String path = root.pathOf("strategies") + "[" + i + "]";
      Optional<String> name = YamlScalar.text(items.get(i), path, root.problems());
      if (name.isEmpty()) {
        continue;
      }
      if (!STRATEGY_NAME.matcher(name.get()).matches()) {
        root.problems()
            .at(
                items.get(i),
                path,
                "must be a strategy name or class name (letters, digits, _ . $ -), got \""
                    + name.get()
                    + "\"");
      } else if (!seen.add(name.get())) {
        root.problems().at(items.get(i), path, "\"" + name.get() + "\" is listed twice");
      } else {
        strategies.add(name.get());
      }
    }
    if (items.isEmpty()) {
      root.problem("strategies", "must list at least one strategy");
    }
    return strategies.isEmpty() ? ReferenceConfig.STRATEGIES : strategies;
  }

  private static SortedMap<String, SortedMap<String, Object>> strategyParams(
      YamlMap root, List<String> strategies) {
    SortedMap<String, SortedMap<String, Object>> params = new TreeMap<>();
    Optional<YamlMap> found = root.map("strategy_params");
    if (found.isEmpty()) {
      return params;
    }
    YamlMap map = found.get();
    for (String strategy : strategies) {
      map.map(strategy).ifPresent(settings -> params.put(strategy, settings(settings)));
    }
    // Settings for a strategy that is not run are a mistake worth naming: a typo in either place.
    map.finish();
    return params;
  }

  private static SortedMap<String, Object> settings(YamlMap map) {
    SortedMap<String, Object> settings = new TreeMap<>();
    for (String key : map.keys()) {
      map.value(key)
          .flatMap(node -> YamlScalar.plainValue(node, map.pathOf(key), map.problems()))
          .ifPresent(value -> settings.put(key, value));
    }
    return settings;
  }
}
