package dev.fabricplanner.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabricplanner.sim.config.ConfigLoader;
import dev.fabricplanner.sim.config.LoadStage;
import dev.fabricplanner.sim.config.SharedPrefixWorkload;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.config.TimeWindow;
import dev.fabricplanner.sim.config.TraceConfig;
import dev.fabricplanner.sim.config.TraceFormat;
import dev.fabricplanner.sim.config.WorkloadConfig;
import dev.fabricplanner.sim.result.SimulationResult;
import dev.fabricplanner.sim.trace.SharedDataPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Whole runs on a replayed trace and on the shared_prefix workload: every request accounted for. */
class ReplayedWorkloadRunTest {
  private static final Path SMALL = Path.of("..", "examples", "small.yaml");

  private static SimulationConfig small(
      Optional<TraceConfig> trace, Optional<SharedPrefixWorkload> shared) throws Exception {
    SimulationConfig base = ConfigLoader.load(SMALL);
    WorkloadConfig w = base.workload();
    return base.withWorkload(new WorkloadConfig(w.durationS(), w.arrival(), w.mix(), w.llm(),
        w.vision(), w.asr(), w.tenants(), trace, shared, w.clientTimeoutS()));
  }

  @Test
  void aMooncakeWindowArrivesWholeAndTheSameTwice() throws Exception {
    Path mooncake = SharedDataPath.of("traces/mooncake/synthetic_trace.jsonl");
    TraceConfig trace = new TraceConfig(mooncake.toString(), Optional.of(TraceFormat.MOONCAKE), 1,
        new TimeWindow(300, 350), Optional.empty(), false, false);
    SimulationConfig config = small(Optional.of(trace), Optional.empty());
    long expected = Files.readAllLines(mooncake).stream()
        .map(line -> Double.parseDouble(line.replaceAll(".*\"timestamp\": *([0-9.]+).*", "$1")))
        .filter(ms -> ms >= 300_000 && ms < 350_000).count();
    SimulationResult first = TestConfigs.run(config, "power_of_two");
    SimulationResult second = TestConfigs.run(config, "power_of_two");
    assertThat(first.requests().arrived()).isEqualTo(expected).isPositive();
    assertThat(first.requests().conserved()).isTrue();
    assertThat(first.invariantsHold()).isTrue();
    assertThat(second).isEqualTo(first);
  }

  /**
   * Precise KV index: the servers' stored-block events reach the routing view, so a repeated system
   * prompt shows as matched blocks on a node that computed it, never more than the prompt has.
   */
  @Test
  void theRoutingViewSeesTheServersCachedPrefixes() throws Exception {
    SharedPrefixWorkload shared = new SharedPrefixWorkload(5, 4, 200, 300, 20, 100, 10, true,
        List.of(new LoadStage(40, 20)));
    RecordingProvider recording = NetworkAndSignalsTest.recording("baseline_rr");
    SimulationResult result = NetworkAndSignalsTest.runRecorded(
        small(Optional.empty(), Optional.of(shared)), recording);
    assertThat(result.requests().conserved()).isTrue();
    assertThat(result.serving().prefixCacheHitRate()).isPositive();
    long matched = 0;
    long blocks = 0;
    for (RecordingProvider.Routed routed : recording.routed) {
      blocks += routed.request().promptBlocks().count();
      assertThat(routed.matchedBlocks()).isBetween(0, routed.request().promptBlocks().count());
      matched += routed.matchedBlocks();
    }
    assertThat(matched).isPositive().isLessThan(blocks);
  }

  @Test
  void sharedPrefixStagesArriveInFull() throws Exception {
    SharedPrefixWorkload shared = new SharedPrefixWorkload(5, 4, 200, 300, 20, 100, 10, true,
        List.of(new LoadStage(40, 20), new LoadStage(100, 15)));
    SimulationResult result =
        TestConfigs.run(small(Optional.empty(), Optional.of(shared)), "least_queue");
    assertThat(result.requests().arrived()).isEqualTo(40 * 20 + 100 * 15);
    assertThat(result.requests().conserved()).isTrue();
    assertThat(result.invariantsHold()).isTrue();
  }
}
