package dev.fabricplanner.sim.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.yaml.snakeyaml.nodes.Node;

/** Reads the root mapping of a config into a {@link SimulationConfig}, reporting into problems. */
final class ConfigReader {
  private ConfigReader() {}

  static SimulationConfig read(YamlMap root) {
    SimulationConfig defaults = ConfigKeys.ROOT.defaults();
    long seed = ConfigKeys.SEED.read(root, defaults);
    int before = root.problems().count();
    double durationS = ConfigKeys.DURATION_S.require(root);
    // Checks against the duration make sense only when it was read; else they would repeat its
    // problem.
    double knownDurationS =
        root.problems().count() == before ? durationS : Double.POSITIVE_INFINITY;
    double warmupS = ConfigKeys.WARMUP_S.read(root, defaults);
    if (warmupS >= knownDurationS && root.has(ConfigKeys.WARMUP_S.name())) {
      root.problem(
          ConfigKeys.WARMUP_S.name(),
          "must be less than duration_s ("
              + Bound.format(durationS)
              + "), got "
              + Bound.format(warmupS));
    }
    double decisionCostUs = ConfigKeys.DECISION_COST_US.read(root, defaults);
    WorkloadConfig workload = WorkloadReader.read(root, durationS);
    TopologyConfig topology = TopologyReader.read(root);
    NetworkConfig network = ConfigKeys.NETWORK_KEY.read(root, defaults);
    SignalConfig signals = ConfigKeys.SIGNALS_KEY.read(root, defaults);
    Optional<ServiceModel> serviceModel =
        root.map(ConfigKeys.SERVICE_MODEL_KEY.name()).map(ConfigReader::serviceModel);
    List<Fault> faults = faults(root, knownDurationS, topology.cells());
    List<String> strategies = ConfigKeys.STRATEGIES.read(root, defaults);
    if (strategies.isEmpty()) {
      // Only after a problem: the reference strategy keeps strategy_params' checks meaningful.
      strategies = defaults.strategies();
    }
    SortedMap<String, SortedMap<String, Object>> params = strategyParams(root, strategies);
    Optional<DisaggregationConfig> disaggregation = DisaggregationReader.read(root, topology);
    if (disaggregation.isEmpty()
        && faults.stream().anyMatch(f -> f.kind() == Fault.Kind.TRANSPORT_DOWN)) {
      root.problem(ConfigKeys.FAULTS.name(), "kind transport_down needs a disaggregation block"
          + " (a fleet bound to capability records)");
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
    String faultsKey = ConfigKeys.FAULTS.name();
    List<Node> items = root.list(faultsKey).orElse(List.of());
    Fault defaults = ConfigKeys.FAULT.defaults();
    for (int i = 0; i < items.size(); i++) {
      Optional<YamlMap> item =
          YamlMap.of(items.get(i), root.pathOf(faultsKey) + "[" + i + "]", root.problems());
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

  private static SortedMap<String, SortedMap<String, Object>> strategyParams(
      YamlMap root, List<String> strategies) {
    SortedMap<String, SortedMap<String, Object>> params = new TreeMap<>();
    // Read here rather than by its key's type: only the strategies that run may have settings.
    Optional<YamlMap> found = root.map(ConfigKeys.STRATEGY_PARAMS.name());
    if (found.isEmpty()) {
      return params;
    }
    YamlMap map = found.get();
    for (String strategy : strategies) {
      map.map(strategy)
          .ifPresent(settings -> params.put(strategy, KeyType.Settings.strategy(settings)));
    }
    // Settings for a strategy that is not run are a mistake worth naming: a typo in either place.
    map.finish();
    return params;
  }
}
