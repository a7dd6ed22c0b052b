package dev.fabricplanner.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.config.ConfigLoader;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.config.TimeWindow;
import dev.fabricplanner.sim.config.TraceConfig;
import dev.fabricplanner.sim.config.TraceFormat;
import dev.fabricplanner.sim.output.ResultJson;
import dev.fabricplanner.sim.result.SimulationResult;
import dev.fabricplanner.sim.trace.SharedDataPath;
import dev.fabricplanner.strategy.ClusterView;
import dev.fabricplanner.strategy.RoutingDecision;
import dev.fabricplanner.strategy.RoutingRequest;
import dev.fabricplanner.strategy.StrategyParams;
import dev.fabricplanner.strategy.StrategyRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The KV-aware routers on the Mooncake FAST'25 sample trace (prompts as 512-token hash ids, 65 % of
 * prompt tokens repeat an earlier prefix) over a small fleet: they find over twice the cache hits of
 * round robin, every request is accounted for, and a run is the same twice.
 */
class KvAwareRoutingRunTest {
  private static final List<String> KV_AWARE =
      List.of("kv_router", "weighted_scorer", "cache_aware", "prefix_hash", "lmetric");

  /** examples/small.yaml's servers, one cell of 8 nodes, no faults, replaying the trace's first 150 s. */
  static SimulationConfig mooncakeOnEightNodes() throws Exception {
    return mooncakeOnEightNodes(text -> text);
  }

  /** As {@link #mooncakeOnEightNodes()}, with {@code edit} applied to the YAML text first. */
  static SimulationConfig mooncakeOnEightNodes(UnaryOperator<String> edit) throws Exception {
    String text = edit.apply(Files.readString(Path.of("..", "examples", "small.yaml")))
        .replace("duration_s: 60\n", "duration_s: 150\n")
        .replace("  cells: 4\n", "  cells: 1\n")
        .replace("  nodes_per_cell: 16\n", "  nodes_per_cell: 8\n")
        .replaceAll("(?s)\nfaults:\n.*?\nstrategies:", "\nstrategies:");
    SimulationConfig base = ConfigLoader.parse(text, "small.yaml (1 x 8 nodes)");
    TraceConfig trace = new TraceConfig(
        SharedDataPath.of("traces/mooncake/synthetic_trace.jsonl").toString(),
        Optional.of(TraceFormat.MOONCAKE), 1, new TimeWindow(0, 150), Optional.empty(), false, false);
    return base.withWorkload(base.workload().withTrace(trace));
  }

  @Test
  void cacheAwareRoutersHitMoreOfThePrefixCacheThanRoundRobin() throws Exception {
    SimulationConfig config = mooncakeOnEightNodes();
    Map<String, SimulationResult> results = new LinkedHashMap<>();
    for (String strategy : concat("baseline_rr", KV_AWARE)) {
      SimulationResult result = TestConfigs.run(config, strategy);
      results.put(strategy, result);
      System.out.printf(Locale.ROOT, "%-16s hit rate %.4f  arrived %d  completed %d  ttft %s%n",
          strategy, result.serving().prefixCacheHitRate(), result.requests().arrived(),
          result.requests().completed(), result.ttftMs().get("llm"));
      assertThat(result.requests().conserved()).as(strategy).isTrue();
      assertThat(result.invariantsHold()).as(strategy).isTrue();
    }
    double roundRobin = results.get("baseline_rr").serving().prefixCacheHitRate();
    assertThat(roundRobin).isPositive();
    for (String strategy : KV_AWARE) {
      assertThat(results.get(strategy).serving().prefixCacheHitRate())
          .as(strategy + " vs baseline_rr")
          .isGreaterThan(2 * roundRobin);
    }
  }

  @Test
  void sameSeedSameJson() throws Exception {
    SimulationConfig config = mooncakeOnEightNodes();
    for (String strategy : List.of("kv_router", "cache_aware")) {
      String first = ResultJson.render(TestConfigs.run(config, strategy));
      String second = ResultJson.render(TestConfigs.run(config, strategy));
      assertThat(second).as(strategy).isEqualTo(first);
    }
  }

  /** signals.kv_events_ms: read, defaulted to the transport mean, checked, and used by the index. */
  @Test
  void kvEventsDelayIsConfiguredAndReachesThePreciseIndex() throws Exception {
    String small = Files.readString(Path.of("..", "examples", "small.yaml"));
    String transport = "  transport_ms: { intra_cell: [5, 25] }\n";
    assertThat(small).contains(transport);
    assertThat(ConfigLoader.parse(small, "small.yaml").signals().kvEventsDelayMs()).isEqualTo(15);
    SimulationConfig slow = ConfigLoader.parse(
        small.replace(transport, transport + "  kv_events_ms: 40\n"), "small.yaml");
    assertThat(slow.signals().kvEventsDelayMs()).isEqualTo(40);
    assertThatThrownBy(() -> ConfigLoader.parse(
            small.replace(transport, transport + "  kv_events_ms: -1\n"), "small.yaml"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("signals.kv_events_ms")
        .hasMessageNotContaining("\n");

    // The same run with KV events a minute late: the precise router routes on an emptier index.
    SimulationConfig config = mooncakeOnEightNodes();
    SimulationConfig late =
        mooncakeOnEightNodes(text -> text.replace(transport, transport + "  kv_events_ms: 60000\n"));
    double prompt = TestConfigs.run(config, "kv_router").serving().prefixCacheHitRate();
    double stale = TestConfigs.run(late, "kv_router").serving().prefixCacheHitRate();
    assertThat(stale).isLessThan(prompt);
  }

  /**
   * The engine metrics in the view: with fresh signals they are the fleet's own (running + waiting =
   * queue depth on every node at every decision); with the example's stale ones, KV usage stays a
   * fraction, and running requests, KV usage and pending prefill tokens all show up.
   */
  @Test
  void theViewPublishesTheEngineMetricsTheRoutersRead() throws Exception {
    SimulationConfig fresh = mooncakeOnEightNodes(text -> text
        .replace("queue_depth_ms: { min: 50, max: 100 }", "queue_depth_ms: { min: 0, max: 0 }")
        .replace("vram_ms: { min: 200, max: 400 }", "vram_ms: { min: 0, max: 0 }")
        .replace("intra_cell: [5, 25]", "intra_cell: [0, 0]"));
    MetricProbe probe = new MetricProbe(true);
    Simulation.run(fresh, "lmetric", probe, StrategyParams.none("lmetric"), ProgressListener.NONE);
    assertThat(probe.decisions).isPositive();
    assertThat(probe.mismatches).isZero();

    MetricProbe stale = new MetricProbe(false);
    Simulation.run(
        mooncakeOnEightNodes(), "lmetric", stale, StrategyParams.none("lmetric"), ProgressListener.NONE);
    assertThat(stale.maxKvUsage).isPositive().isLessThanOrEqualTo(1);
    assertThat(stale.sawRunning).isTrue();
    assertThat(stale.sawPrefill).isTrue();
  }

  /** lmetric, checking the view's engine metrics at each decision. */
  private static final class MetricProbe extends ObservingProvider {
    private final boolean fresh;
    long decisions;
    long mismatches;
    double maxKvUsage;
    boolean sawRunning;
    boolean sawPrefill;

    MetricProbe(boolean fresh) throws InvalidInputException {
      super(StrategyRegistry.fromClassPath().find("lmetric"));
      this.fresh = fresh;
    }

    @Override
    protected void routed(RoutingRequest request, ClusterView view, RoutingDecision decision) {
      decisions++;
      for (int n = 0; n < view.nodeCount(); n++) {
        if (fresh && view.runningRequests(n) + view.waitingRequests(n) != view.queueDepth(n)) {
          mismatches++;
        }
        maxKvUsage = Math.max(maxKvUsage, view.kvCacheUsage(n));
        sawRunning |= view.runningRequests(n) > 0;
        sawPrefill |= view.prefillTokensPending(n) > 0;
      }
    }
  }

  private static List<String> concat(String first, List<String> rest) {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), rest.stream()).toList();
  }
}
