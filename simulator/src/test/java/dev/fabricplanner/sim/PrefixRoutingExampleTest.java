package dev.fabricplanner.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabricplanner.sim.config.ConfigLoader;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.config.TraceConfig;
import dev.fabricplanner.sim.config.WorkloadConfig;
import dev.fabricplanner.sim.result.SimulationResult;
import dev.fabricplanner.sim.trace.SharedDataPath;
import dev.fabricplanner.strategy.StrategyRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * examples/prefix-routing.yaml runs at the load its comments state: round robin keeps the servers'
 * prefill stage 50-80 % busy on the Mooncake trace, with every request finished; its strategies exist.
 */
class PrefixRoutingExampleTest {
  private static final Path EXAMPLE = Path.of("..", "examples", "prefix-routing.yaml");
  /** The kv-aware strategies the example is for; they join its list when their branch merges. */
  private static final List<String> KV_AWARE =
      List.of("kv_router", "weighted_scorer", "cache_aware", "prefix_hash", "lmetric");

  /** The example, its trace found from this module (its path is relative to the repository root). */
  static SimulationConfig example() throws Exception {
    SimulationConfig config = ConfigLoader.load(EXAMPLE);
    WorkloadConfig w = config.workload();
    TraceConfig t = w.trace().orElseThrow();
    TraceConfig here = new TraceConfig(
        SharedDataPath.of("traces/mooncake/synthetic_trace.jsonl").toString(), t.format(),
        t.rateScale(), t.window(), t.blockSize(), t.skipBadLines(), t.sort());
    return config.withWorkload(w.withTrace(here));
  }

  @Test
  void roundRobinKeepsPrefillHalfToFourFifthsBusy() throws Exception {
    SimulationConfig config = example();
    assertThat(config.totalNodes()).isGreaterThanOrEqualTo(8);
    SimulationResult rr = TestConfigs.run(config, "baseline_rr");
    System.out.printf("[prefix-routing] baseline_rr: prefill busy %.3f, busy mean %.3f, hit rate"
        + " %.4f, TTFT p50 %.0f ms p99 %.0f ms%n", rr.gpu().prefillBusy(),
        rr.serving().balance().busyMean(), rr.serving().prefixCacheHitRate(),
        rr.ttftMs().get("all").p50(), rr.ttftMs().get("all").p99());
    assertThat(rr.invariantsHold()).as(rr.invariants().toString()).isTrue();
    assertThat(rr.requests().completed()).isEqualTo(3_993);
    assertThat(rr.gpu().prefillBusy()).isBetween(0.5, 0.8);
    assertThat(rr.serving().prefixCacheHitRate()).isPositive();
  }

  @Test
  void itListsRegisteredStrategiesIncludingEveryKvAwareRouter() throws Exception {
    SimulationConfig config = ConfigLoader.load(EXAMPLE);
    List<String> registered = StrategyRegistry.fromClassPath().names();
    assertThat(registered).containsAll(config.strategies());
    assertThat(config.strategies()).containsAll(KV_AWARE);
  }
}
