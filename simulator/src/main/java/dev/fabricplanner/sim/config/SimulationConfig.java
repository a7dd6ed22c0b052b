package dev.fabricplanner.sim.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

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

  /** A config whose fleet is not disaggregated. */
  public SimulationConfig(
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
      double decisionCostUs) {
    this(
        seed, durationS, warmupS, workload, topology, network, signals, serviceModel, faults,
        strategies, strategyParams, decisionCostUs, Optional.empty());
  }

  /** A config whose routing decisions cost no simulated time. */
  public SimulationConfig(
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
      SortedMap<String, SortedMap<String, Object>> strategyParams) {
    this(
        seed, durationS, warmupS, workload, topology, network, signals, serviceModel, faults,
        strategies, strategyParams, ReferenceConfig.DECISION_COST_US);
  }

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
    return new SimulationConfig(
        newSeed,
        durationS,
        warmupS,
        workload,
        topology,
        network,
        signals,
        serviceModel,
        faults,
        strategies,
        strategyParams,
        decisionCostUs,
        disaggregation);
  }

  /** This config with another list of strategies (for {@code --strategy}). */
  public SimulationConfig withStrategies(List<String> newStrategies) {
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
        newStrategies,
        strategyParams,
        decisionCostUs,
        disaggregation);
  }

  /** This config with routing decisions costing {@code us} microseconds of simulated time. */
  public SimulationConfig withDecisionCostUs(double us) {
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
        strategyParams,
        us,
        disaggregation);
  }

  /** This config with another workload (for {@code --trace}). */
  public SimulationConfig withWorkload(WorkloadConfig newWorkload) {
    return new SimulationConfig(
        seed,
        durationS,
        warmupS,
        newWorkload,
        topology,
        network,
        signals,
        serviceModel,
        faults,
        strategies,
        strategyParams,
        decisionCostUs,
        disaggregation);
  }

  /** This config with another disaggregation (for {@code --records}, {@code --disable-transport}). */
  public SimulationConfig withDisaggregation(DisaggregationConfig newDisaggregation) {
    return new SimulationConfig(
        seed, durationS, warmupS, workload, topology, network, signals, serviceModel, faults,
        strategies, strategyParams, decisionCostUs, Optional.of(newDisaggregation));
  }
}
