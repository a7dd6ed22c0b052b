package dev.fabricplanner.sim;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.cluster.ClusterLayout;
import dev.fabricplanner.sim.cluster.Fleet;
import dev.fabricplanner.sim.cluster.RequestTable;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.engine.Engine;
import dev.fabricplanner.sim.engine.EventQueue;
import dev.fabricplanner.sim.fabric.FabricBinding;
import dev.fabricplanner.sim.fabric.KvTransferStats;
import dev.fabricplanner.sim.fabric.PipelineLinks;
import dev.fabricplanner.sim.kv.KvEventFeed;
import dev.fabricplanner.sim.metrics.InvariantChecks;
import dev.fabricplanner.sim.metrics.RequestOutcomeListener;
import dev.fabricplanner.sim.metrics.RunMetrics;
import dev.fabricplanner.sim.network.Network;
import dev.fabricplanner.sim.result.AdmissionStats;
import dev.fabricplanner.sim.result.GpuUsage;
import dev.fabricplanner.sim.result.HedgeStats;
import dev.fabricplanner.sim.result.KvEventStaleness;
import dev.fabricplanner.sim.result.ServerBalance;
import dev.fabricplanner.sim.result.KvTransferSummary;
import dev.fabricplanner.sim.result.ServingStats;
import dev.fabricplanner.sim.result.SimulationResult;
import dev.fabricplanner.sim.result.Throughput;
import dev.fabricplanner.sim.signals.PublishedSignals;
import dev.fabricplanner.sim.trace.TraceFailure;
import dev.fabricplanner.sim.trace.TraceRequestSource;
import dev.fabricplanner.sim.workload.RandomStreams;
import dev.fabricplanner.sim.workload.RequestGenerator;
import dev.fabricplanner.sim.workload.RequestSource;
import dev.fabricplanner.sim.workload.SharedPrefixGenerator;
import dev.fabricplanner.strategy.RoutingStrategy;
import dev.fabricplanner.strategy.StrategyContext;
import dev.fabricplanner.strategy.StrategyParams;
import dev.fabricplanner.strategy.StrategyProvider;
import dev.fabricplanner.strategy.kv.PrefixIndex;
import java.util.Optional;

/**
 * Runs one strategy over one config. The result is a pure function of (config, strategy): every random
 * draw comes from a stream seeded by the config's seed and a subsystem name, nothing reads the clock,
 * and no state is shared between runs, so runs on different threads give identical results.
 */
public final class Simulation {
  private Simulation() {}

  public static SimulationResult run(
      SimulationConfig config,
      String strategyName,
      StrategyProvider provider,
      StrategyParams params,
      ProgressListener progress)
      throws InvalidInputException {
    return run(config, strategyName, provider, params, progress, null);
  }

  /** As {@link #run}, telling {@code outcomes} (when not null) of every measured completion. */
  public static SimulationResult run(
      SimulationConfig config,
      String strategyName,
      StrategyProvider provider,
      StrategyParams params,
      ProgressListener progress,
      RequestOutcomeListener outcomes)
      throws InvalidInputException {
    RandomStreams streams = new RandomStreams(config.seed());
    boolean plain = config.serviceModel().isPresent();
    EventQueue events = new EventQueue(1 << 12);
    RequestTable requests = new RequestTable(1 << 10);
    Fleet fleet = ClusterLayout.build(config, events, requests);
    Network network =
        new Network(config.network(), fleet.cellCount(), streams.stream("network"), plain);
    PublishedSignals signals =
        new PublishedSignals(fleet, network, events, config.signals(), streams.stream("signals"));
    FabricBinding fabric = config.disaggregation().isPresent() ? bind(config, fleet) : null;
    KvTransferStats kvStats = fabric == null ? null : new KvTransferStats();
    if (fabric != null) {
      signals.useFabric(fabric);
    }
    RoutingStrategy strategy =
        provider.create(new StrategyContext(params, streams.stream("strategy"), signals));
    if (strategy.readsKvEvents()) {
      // Precise KV index: the servers' block events reach the router after signals.kv_events_ms.
      // Kept only for strategies that read it: for the others it is pure cost.
      PrefixIndex kvIndex = new PrefixIndex(fleet.nodeCount());
      KvEventFeed kvFeed = new KvEventFeed(kvIndex, config.signals().kvEventsDelayMs());
      fleet.publishKvEvents(kvFeed);
      signals.useKvIndex(kvIndex, kvFeed);
    }
    RequestSource generator = requestSource(config, streams);
    try {
      RunMetrics metrics =
          new RunMetrics(
              outcomes,
              Math.min(config.warmupS(), config.durationS()) * 1000.0,
              config.durationS() * 1000.0);
      Engine engine =
          new Engine(
              config, events, requests, fleet, signals, network, generator, strategy, metrics,
              progress, streams.stream("faults"));
      fleet.attach(engine);
      if (fabric != null) {
        engine.bindFabric(fabric, kvStats);
      }
      engine.run();
      Optional<KvTransferSummary> kvTransfer = fabric == null
          ? Optional.empty()
          : Optional.of(kvStats.summary(fabric.fallbacks(), engine.links().utilization(),
              Optional.ofNullable(engine.pipelineLinks()).map(PipelineLinks::summary)));
      return result(config, strategyName, engine, fleet, signals, requests, metrics, plain,
          kvTransfer);
    } catch (TraceFailure failure) {
      throw failure.problem();
    } finally {
      if (generator instanceof TraceRequestSource trace) {
        trace.close();
      }
    }
  }


  /**
   * Binds a disaggregated fleet to its records as a run would (hosts, GPUs, a usable link between
   * every prefill and decode node, room for KV on the decode nodes), so {@code planner validate}
   * reports what {@code planner sim} would refuse. A fleet without a disaggregation block passes.
   */
  public static void checkBinding(SimulationConfig config) throws InvalidInputException {
    if (config.disaggregation().isEmpty()) {
      return;
    }
    bind(config, ClusterLayout.build(config, new EventQueue(16), new RequestTable(16)));
  }

  /**
   * The fleet bound to its records, its decode nodes checked for room for a KV cache and its servers'
   * TP collectives priced from the records.
   */
  private static FabricBinding bind(SimulationConfig config, Fleet fleet)
      throws InvalidInputException {
    FabricBinding binding = FabricBinding.bind(config, fleet.classOfNode(0).kvBytesPerToken());
    binding.checkDecodeNodes(fleet);
    binding.priceSteps(fleet, config);
    return binding;
  }

  /** A trace replay, inference-perf's shared_prefix workload, or requests drawn from the config. */
  public static RequestSource requestSource(SimulationConfig config, RandomStreams streams)
      throws InvalidInputException {
    if (config.workload().trace().isPresent()) {
      return new TraceRequestSource(config, streams);
    }
    if (config.workload().sharedPrefix().isPresent()) {
      return new SharedPrefixGenerator(config, streams);
    }
    return new RequestGenerator(config, streams);
  }

  private static SimulationResult result(
      SimulationConfig config,
      String strategyName,
      Engine engine,
      Fleet fleet,
      PublishedSignals signals,
      RequestTable requests,
      RunMetrics metrics,
      boolean plain,
      Optional<KvTransferSummary> kvTransfer) {
    double end = engine.endMs();
    double measuredMs = end - engine.warmupMs();
    double measuredS = measuredMs / 1000.0;
    long[] inFlight = new long[4];
    for (int r = 0; r < requests.capacity(); r++) {
      if (requests.inUse(r)
          && (requests.flags[r] & (RequestTable.HEDGE_COPY | RequestTable.RESOLVED)) == 0) {
        inFlight[0]++;
        inFlight[requests.type[r] + 1]++;
      }
    }
    double tokens = metrics.measuredTokens();
    double cost = fleet.fleetCost(measuredMs);
    return new SimulationResult(
        strategyName,
        config.seed(),
        end / 1000.0,
        metrics.counts(0, inFlight[0]),
        metrics.countsByType(inFlight),
        metrics.latencySummaries(),
        metrics.ttftSummaries(),
        metrics.queueWaitSummaries(),
        metrics.serviceSummaries(),
        new Throughput(
            measuredS > 0 ? metrics.measuredCompletions() / measuredS : 0,
            measuredS > 0 ? metrics.measuredOutputTokens() / measuredS : 0),
        new GpuUsage(
            fleet.slotUtilization(end),
            fleet.vramUtilization(end),
            fleet.prefillBusy(end),
            fleet.prefillBusyByProfile(end)),
        tokens > 0 ? cost / (tokens / 1000.0) : 0,
        new HedgeStats(engine.hedgesIssued(), engine.hedgesWon(), engine.wastedGpuMs() / 1000.0),
        engine.processedEvents(),
        InvariantChecks.check(engine, fleet, requests, metrics, inFlight[0]),
        metrics.latencyHistograms(),
        new AdmissionStats(fleet.kvWaits(), fleet.kvRejects()),
        new ServingStats(
            !plain,
            metrics.tpotSummaries(),
            metrics.interTokenSummary(),
            metrics.schedulingDelaySummaries(),
            fleet.steps(),
            fleet.preemptions(),
            metrics.preemptedRequests(),
            metrics.promptTokens() > 0 ? (double) metrics.cachedTokens() / metrics.promptTokens() : 0,
            metrics.cachedTokens(),
            ServerBalance.of(fleet.serverBusyFractions(end)),
            new KvEventStaleness(signals.kvEventDelayMs(), metrics.kvIndexLagSummary().mean(),
                metrics.kvIndexLagSummary().p99())),
        metrics.batchSeries(),
        kvTransfer);
  }
}
