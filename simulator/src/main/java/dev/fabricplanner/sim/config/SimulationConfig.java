package dev.fabricplanner.sim.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One simulation as configured, with every default filled in (see {@link ReferenceConfig}). A
 * superset of InferMesh mesh-sim's {@code SimulationConfig}: a mesh-sim YAML file loads unchanged.
 *
 * @param seed root of every random stream
 * @param durationS simulated time in seconds
 * @param warmupS leading seconds whose requests are simulated but left out of the metrics
 * @param workload arrivals, request mix and sizes
 * @param topology cells, nodes and GPU profiles
 * @param network latency and bandwidth between nodes and cells
 * @param signals how stale the state seen by strategies is
 * @param serviceModel present only for queueing-theory validation runs: replaces the GPU token
 *     model with a plain service-time distribution
 * @param faults node losses, slowdowns and link degradations at set times, ordered by time
 * @param strategies routing strategies to compare, in the order given
 * @param strategyParams settings per strategy name (values are Long, Double, Boolean or String)
 * @param decisionCostUs simulated time each routing decision takes, in microseconds: dispatch waits
 *     that long after the decision (0: decisions are free)
 * @param disaggregation present for a fleet bound to capability records with prefill and decode
 *     roles
 */
public record SimulationConfig(
    long seed,
    double durationS,
    double warmupS,
    WorkloadConfig workload,
    TopologyConfig topology,
    NetworkConfig network,
    SignalConfig signals,
    Optional<ServiceModel> serviceModel,
    List<Fault> faults,
    List<String> strategies,
    SortedMap<String, SortedMap<String, Object>> strategyParams,
    double decisionCostUs,
    Optional<DisaggregationConfig> disaggregation) {

  public SimulationConfig {
    faults = List.copyOf(faults);
    strategies = List.copyOf(strategies);
    SortedMap<String, SortedMap<String, Object>> copy = new TreeMap<>();
    for (Map.Entry<String, SortedMap<String, Object>> entry : strategyParams.entrySet()) {
      copy.put(
          entry.getKey(),
          java.util.Collections.unmodifiableSortedMap(new TreeMap<>(entry.getValue())));
    }
    strategyParams = java.util.Collections.unmodifiableSortedMap(copy);
  }

  /** Settings for one strategy; empty when the config gives none. */
  public SortedMap<String, Object> paramsFor(String strategy) {
    return strategyParams.getOrDefault(strategy, java.util.Collections.emptySortedMap());
  }

  /** Nodes in the whole fleet. */
  public long totalNodes() {
    return topology.totalNodes();
  }

  /** This config with another seed (for {@code --seed}). */
  public SimulationConfig withSeed(long newSeed) {
    return edit(d -> d.seed = newSeed);
  }

  /** This config running for {@code newDurationS}, the first {@code newWarmupS} left out. */
  public SimulationConfig withTiming(double newDurationS, double newWarmupS) {
    return edit(d -> {
      d.durationS = newDurationS;
      d.warmupS = newWarmupS;
    });
  }

  /** This config with another workload (for {@code --trace}). */
  public SimulationConfig withWorkload(WorkloadConfig newWorkload) {
    return edit(d -> d.workload = newWorkload);
  }

  /** This config on another fleet. */
  public SimulationConfig withTopology(TopologyConfig newTopology) {
    return edit(d -> d.topology = newTopology);
  }

  /** This config with strategies seeing the fleet through other signals. */
  public SimulationConfig withSignals(SignalConfig newSignals) {
    return edit(d -> d.signals = newSignals);
  }

  /** This config with other faults (none: {@code List.of()}). */
  public SimulationConfig withFaults(List<Fault> newFaults) {
    return edit(d -> d.faults = newFaults);
  }

  /** This config with another list of strategies (for {@code --strategy}). */
  public SimulationConfig withStrategies(List<String> newStrategies) {
    return edit(d -> d.strategies = newStrategies);
  }

  /** This config with routing decisions costing {@code us} microseconds of simulated time. */
  public SimulationConfig withDecisionCostUs(double us) {
    return edit(d -> d.decisionCostUs = us);
  }

  /** This config with another disaggregation (for {@code --records}, {@code --disable-transport}). */
  public SimulationConfig withDisaggregation(DisaggregationConfig newDisaggregation) {
    return edit(d -> d.disaggregation = Optional.of(newDisaggregation));
  }

  /** A copy of this config with {@code change} applied: the with-methods' one field list. */
  private SimulationConfig edit(Consumer<Draft> change) {
    Draft d = new Draft();
    change.accept(d);
    return new SimulationConfig(
        d.seed, d.durationS, d.warmupS, d.workload, d.topology, d.network, d.signals,
        d.serviceModel, d.faults, d.strategies, d.strategyParams, d.decisionCostUs,
        d.disaggregation);
  }

  /** This config's fields, open to change while {@link #edit} builds the copy. */
  private final class Draft {
    long seed = SimulationConfig.this.seed;
    double durationS = SimulationConfig.this.durationS;
    double warmupS = SimulationConfig.this.warmupS;
    WorkloadConfig workload = SimulationConfig.this.workload;
    TopologyConfig topology = SimulationConfig.this.topology;
    NetworkConfig network = SimulationConfig.this.network;
    SignalConfig signals = SimulationConfig.this.signals;
    Optional<ServiceModel> serviceModel = SimulationConfig.this.serviceModel;
    List<Fault> faults = SimulationConfig.this.faults;
    List<String> strategies = SimulationConfig.this.strategies;
    SortedMap<String, SortedMap<String, Object>> strategyParams =
        SimulationConfig.this.strategyParams;
    double decisionCostUs = SimulationConfig.this.decisionCostUs;
    Optional<DisaggregationConfig> disaggregation = SimulationConfig.this.disaggregation;
  }
}
