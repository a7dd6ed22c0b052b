package dev.fabricplanner.sim;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.config.Arrival;
import dev.fabricplanner.sim.config.AsrWorkload;
import dev.fabricplanner.sim.config.BandwidthConfig;
import dev.fabricplanner.sim.config.DelayRange;
import dev.fabricplanner.sim.config.Distribution;
import dev.fabricplanner.sim.config.GpuCatalog;
import dev.fabricplanner.sim.config.GpuProfile;
import dev.fabricplanner.sim.config.LlmWorkload;
import dev.fabricplanner.sim.config.MigConfig;
import dev.fabricplanner.sim.config.NetworkConfig;
import dev.fabricplanner.sim.config.ReferenceConfig;
import dev.fabricplanner.sim.config.RequestMix;
import dev.fabricplanner.sim.config.ServiceModel;
import dev.fabricplanner.sim.config.SignalConfig;
import dev.fabricplanner.sim.config.SignalTransport;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.config.TenantConfig;
import dev.fabricplanner.sim.config.TenantSkew;
import dev.fabricplanner.sim.config.TopologyConfig;
import dev.fabricplanner.sim.config.VisionWorkload;
import dev.fabricplanner.sim.config.VivaldiConfig;
import dev.fabricplanner.sim.config.WorkloadConfig;
import dev.fabricplanner.sim.result.SimulationResult;
import dev.fabricplanner.strategy.StrategyParams;
import dev.fabricplanner.strategy.StrategyRegistry;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** Configs built in code for the simulator's tests. */
final class TestConfigs {
  private TestConfigs() {}

  static final NetworkConfig NO_NETWORK =
      new NetworkConfig(
          new Distribution.Constant(0), new VivaldiConfig(2, 0, 0),
          new BandwidthConfig(1_000_000_000_000L, 1_000_000_000_000L));

  static final NetworkConfig WAN =
      new NetworkConfig(
          new Distribution.Constant(0.5), new VivaldiConfig(3, 25.0, 0.1),
          new BandwidthConfig(50_000, 5_000));

  static WorkloadConfig llmWorkload(double rps, double durationS, Distribution in, Distribution out) {
    return new WorkloadConfig(
        durationS,
        new Arrival.Poisson(rps),
        new RequestMix(1, 0, 0),
        new LlmWorkload(in, out),
        new VisionWorkload(new Distribution.Constant(224 * 224), new Distribution.Constant(1)),
        new AsrWorkload(new Distribution.Constant(5), 16_000),
        new TenantConfig(new TenantSkew.Uniform(), 1),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  static WorkloadConfig mixedWorkload(double rps, double durationS) {
    return new WorkloadConfig(
        durationS,
        new Arrival.Poisson(rps),
        new RequestMix(0.7, 0.2, 0.1),
        new LlmWorkload(new Distribution.LogNormal(6.633, 0.985), new Distribution.LogNormal(5.019, 0.859)),
        new VisionWorkload(new Distribution.Uniform(224 * 224, 1024 * 1024), new Distribution.Constant(1)),
        new AsrWorkload(new Distribution.Uniform(1, 30), 16_000),
        new TenantConfig(new TenantSkew.Zipf(1.1), 100),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** A GPU of the catalog's H100 figures with the given concurrency, window and VRAM. */
  static GpuProfile h100(int concurrency, double windowMs, double vramGb) {
    GpuCatalog.GpuDefaults d = GpuCatalog.H100;
    return new GpuProfile(
        "H100", d.tokensPerS(), concurrency, vramGb, windowMs, 0.18, d.prefillTokensPerS(),
        d.decodeTokensPerS(), d.decodeSlowdownPerSeq(), GpuCatalog.MODEL_WEIGHTS_GB,
        GpuCatalog.KV_BYTES_PER_TOKEN, d.pricePerHour(), 1);
  }

  static GpuProfile a100(int concurrency) {
    GpuCatalog.GpuDefaults d = GpuCatalog.A100;
    return new GpuProfile(
        "A100", d.tokensPerS(), concurrency, d.vramTotalGb(), 8, 0.18, d.prefillTokensPerS(),
        d.decodeTokensPerS(), d.decodeSlowdownPerSeq(), GpuCatalog.MODEL_WEIGHTS_GB,
        GpuCatalog.KV_BYTES_PER_TOKEN, d.pricePerHour(), 1);
  }

  static SignalConfig stale(double periodMs) {
    DelayRange zero = new DelayRange(0, 0);
    return new SignalConfig(
        new DelayRange(periodMs, periodMs), new DelayRange(periodMs, periodMs),
        new SignalTransport(zero));
  }

  static SimulationConfig config(
      long seed,
      double durationS,
      double warmupS,
      WorkloadConfig workload,
      int cells,
      int nodesPerCell,
      List<GpuProfile> profiles,
      MigConfig mig,
      NetworkConfig network,
      SignalConfig signals,
      Optional<ServiceModel> service) {
    return new SimulationConfig(
        seed, durationS, warmupS, workload,
        new TopologyConfig(cells, nodesPerCell, profiles, mig),
        network, signals, service, List.of(), List.of("random"), new TreeMap<>(),
        ReferenceConfig.DECISION_COST_US, Optional.empty());
  }

  /**
   * A queueing-theory config: {@code nodes} nodes of {@code servers} servers each, Poisson arrivals at
   * {@code lambdaPerS}, service of mean {@code meanMs}, fresh signals, no network.
   */
  static SimulationConfig queueing(
      long seed, int nodes, int servers, double lambdaPerS, double meanMs, ServiceModel.Kind kind,
      double durationS, double warmupS) {
    return config(
        seed, durationS, warmupS,
        llmWorkload(lambdaPerS, durationS, new Distribution.Constant(1), new Distribution.Constant(1)),
        1, nodes, List.of(h100(servers, 0, 80)), MigConfig.disabled(), NO_NETWORK,
        SignalConfig.fresh(), Optional.of(new ServiceModel(kind, meanMs, 1)));
  }

  static SimulationResult run(SimulationConfig config, String strategy) {
    try {
      return Simulation.run(
          config, strategy, StrategyRegistry.fromClassPath().find(strategy),
          StrategyParams.none(strategy), ProgressListener.NONE);
    } catch (InvalidInputException e) {
      throw new IllegalStateException(e);
    }
  }
}
