package dev.fabricplanner.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabricplanner.sim.config.ConfigLoader;
import dev.fabricplanner.sim.config.GpuProfile;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.config.TimeWindow;
import dev.fabricplanner.sim.config.TopologyConfig;
import dev.fabricplanner.sim.config.TraceConfig;
import dev.fabricplanner.sim.config.TraceFormat;
import dev.fabricplanner.sim.result.SimulationResult;
import dev.fabricplanner.sim.trace.SharedDataPath;
import dev.fabricplanner.sim.trace.TracePrefixStats;
import dev.fabricplanner.sim.trace.TraceRequestSource;
import dev.fabricplanner.sim.workload.RandomStreams;
import dev.fabricplanner.strategy.StrategyRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The prefix hit rate's bounds on the real Mooncake trace (whole file, no warm-up, every request
 * completed): no strategy beats the ideal cache (unbounded, shared by every server), and one server
 * whose cache never evicts reaches it. Both sides count cached prompt tokens over prompt tokens, with
 * the last token always computed.
 */
class PrefixHitBoundsTest {
  private static final Path SMALL = Path.of("..", "examples", "small.yaml");
  /** Long enough for the 1,022 s trace to drain on one server. */
  private static final double DURATION_S = 4_000;

  private static SimulationConfig base;
  private static TracePrefixStats ideal;

  @BeforeAll
  static void readTrace() throws Exception {
    base = mooncakeOn(1, 85.9);
    try (TraceRequestSource source = new TraceRequestSource(base, new RandomStreams(1))) {
      ideal = TracePrefixStats.of(source);
    }
  }

  /**
   * small.yaml's H100 (Llama-3.1-8B) profile on {@code nodes} servers in one cell, replaying the
   * Mooncake sample from its start with no faults and no warm-up.
   */
  static SimulationConfig mooncakeOn(int nodes, double vramGb) throws Exception {
    return mooncakeOn(nodes, vramGb, SharedDataPath.of("traces/mooncake/synthetic_trace.jsonl"));
  }

  /** As {@link #mooncakeOn(int, double)}, replaying {@code file} (Mooncake format). */
  static SimulationConfig mooncakeOn(int nodes, double vramGb, Path file) throws Exception {
    SimulationConfig small = ConfigLoader.load(SMALL);
    GpuProfile h = small.topology().gpuProfiles().get(0);
    GpuProfile gpu = new GpuProfile(h.name(), h.tokensPerS(), h.concurrency(), vramGb,
        h.batchWindowMs(), h.kvCacheGbPerReq(), h.prefillTokensPerS(), h.decodeTokensPerS(),
        h.decodeSlowdownPerSeq(), h.modelWeightsGb(), h.kvBytesPerToken(), h.pricePerHour(), 1);
    TopologyConfig t = small.topology();
    TopologyConfig one = new TopologyConfig(1, nodes, List.of(gpu), t.mig(), t.engine());
    TraceConfig trace = new TraceConfig(file.toString(), Optional.of(TraceFormat.MOONCAKE), 1, TimeWindow.ALL, Optional.empty(), false, false);
    return small.withTiming(DURATION_S, 0)
        .withWorkload(small.workload().withDurationS(DURATION_S).withTrace(trace))
        .withTopology(one)
        .withFaults(List.of())
        .withDecisionCostUs(0);
  }

  private static void assertAllCompleted(SimulationResult result) {
    assertThat(result.invariantsHold()).as(result.invariants().toString()).isTrue();
    assertThat(result.requests().completed()).isEqualTo(ideal.requests());
  }

  @Test
  void oneServerThatNeverEvictsReachesTheIdeal() throws Exception {
    // 6,000 GB of "VRAM": about 41 M KV tokens, over the trace's 21.3 M tokens of distinct blocks.
    SimulationResult result = TestConfigs.run(mooncakeOn(1, 6_000), "baseline_rr");
    assertAllCompleted(result);
    double hit = result.serving().prefixCacheHitRate();
    System.out.printf(Locale.ROOT, "[bounds] one unbounded server: hit rate %.6f, ideal %.6f,"
        + " %d of %d ideal hit tokens%n", hit, ideal.idealHitRate(),
        result.serving().prefillTokensSaved(), ideal.hitTokens());
    assertThat(result.serving().prefillTokensSaved()).isLessThanOrEqualTo(ideal.hitTokens());
    assertThat(hit).isGreaterThanOrEqualTo(0.99 * ideal.idealHitRate());
  }

  @Test
  void noStrategyBeatsTheIdealOnEightServers() throws Exception {
    SimulationConfig eight = mooncakeOn(8, 85.9);
    double best = 0;
    for (String name : StrategyRegistry.fromClassPath().names()) {
      SimulationResult result = TestConfigs.run(eight, name);
      assertAllCompleted(result);
      double hit = result.serving().prefixCacheHitRate();
      System.out.printf(Locale.ROOT, "[bounds] %s on 8 H100s: hit rate %.4f (ideal %.4f)%n",
          name, hit, ideal.idealHitRate());
      assertThat(result.serving().prefillTokensSaved()).as(name).isLessThanOrEqualTo(ideal.hitTokens());
      best = Math.max(best, hit);
    }
    // Real caches on separate servers: some reuse is found, not all of it.
    assertThat(best).isPositive().isLessThan(ideal.idealHitRate());
  }
}
