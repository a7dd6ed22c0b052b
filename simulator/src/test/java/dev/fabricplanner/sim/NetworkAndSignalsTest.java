package dev.fabricplanner.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fabricplanner.sim.config.BandwidthConfig;
import dev.fabricplanner.sim.config.Distribution;
import dev.fabricplanner.sim.config.MigConfig;
import dev.fabricplanner.sim.config.NetworkConfig;
import dev.fabricplanner.sim.config.ServiceModel;
import dev.fabricplanner.sim.config.SignalConfig;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.config.VivaldiConfig;
import dev.fabricplanner.sim.result.SimulationResult;
import dev.fabricplanner.strategy.StrategyParams;
import dev.fabricplanner.strategy.StrategyRegistry;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Network delay on the request path, and stale published signals. */
class NetworkAndSignalsTest {

  /**
   * One cell, intra-cell RTT 10 ms, 100 Mbit/s: a 1,000-token prompt (4,000 B) takes 5 + 0.32 ms to
   * reach the node and its 101-token answer (404 B) 5 + 0.03232 ms to come back. Everything else is
   * identical (same arrivals, same routing), so the latency grows by exactly that.
   */
  @Test
  void rttAndPayloadOverBandwidthAppearInLatency() {
    NetworkConfig lan =
        new NetworkConfig(new Distribution.Constant(10), new VivaldiConfig(3, 25, 0.1), new BandwidthConfig(100, 100));
    SimulationResult without = TestConfigs.run(llm(TestConfigs.NO_NETWORK), "random");
    SimulationResult with = TestConfigs.run(llm(lan), "random");
    double forward = 5 + 4000 * 8 / 100_000.0;
    double back = 5 + 404 * 8 / 100_000.0;
    assertThat(with.latencyMs().get("all").mean() - without.latencyMs().get("all").mean())
        .isCloseTo(forward + back, within(1e-6));
    assertThat(with.ttftMs().get("all").mean() - without.ttftMs().get("all").mean())
        .isCloseTo(forward + 5, within(1e-6));
  }

  private static SimulationConfig llm(NetworkConfig network) {
    return TestConfigs.config(
        5, 60, 0,
        TestConfigs.llmWorkload(20, 60, new Distribution.Constant(1000), new Distribution.Constant(101)),
        1, 4, List.of(TestConfigs.h100(32, 8, 85.9)), MigConfig.disabled(), network,
        SignalConfig.fresh(), Optional.empty());
  }

  /** Between cells the RTT is base + Vivaldi distance: remote routing costs more than local. */
  @Test
  void interCellRttExceedsIntraCell() {
    SimulationConfig config =
        TestConfigs.config(
            5, 30, 0, TestConfigs.mixedWorkload(50, 30), 4, 4, List.of(TestConfigs.h100(32, 8, 85.9)),
            MigConfig.disabled(), TestConfigs.WAN, SignalConfig.fresh(), Optional.empty());
    RecordingProvider recording = recording("random");
    runRecorded(config, recording);
    // Every cell pair's RTT is at least the 25 ms base times (1 - noise); intra-cell is 0.5 ms.
    assertThat(recording.routed).isNotEmpty();
    SimulationResult result = TestConfigs.run(config, "random");
    assertThat(result.ttftMs().get("all").p50()).isGreaterThan(25 * 0.9 * 0.75);
  }

  /**
   * Herding: with queue depths published every 100 ms, least_queue sends every request to the node
   * that looked emptiest at its last publication until it publishes again; power_of_two samples two
   * nodes per request and spreads the same stream. With fresh signals least_queue does not herd.
   */
  @Test
  void leastQueueHerdsOnStaleSignalsWhilePowerOfTwoDoesNot() {
    int staleLeastQueueRun = longestRunToOneNode(herdConfig(TestConfigs.stale(100)), "least_queue");
    int stalePowerOfTwoRun = longestRunToOneNode(herdConfig(TestConfigs.stale(100)), "power_of_two");
    int freshLeastQueueRun = longestRunToOneNode(herdConfig(SignalConfig.fresh()), "least_queue");
    System.out.printf(
        "[validation] longest run of requests to one node: least_queue stale %d, power_of_two stale %d,"
            + " least_queue fresh %d%n",
        staleLeastQueueRun, stalePowerOfTwoRun, freshLeastQueueRun);
    assertThat(staleLeastQueueRun).isGreaterThanOrEqualTo(20);
    assertThat(stalePowerOfTwoRun).isLessThanOrEqualTo(staleLeastQueueRun / 4);
    assertThat(freshLeastQueueRun).isLessThanOrEqualTo(4);
    SimulationResult stale = TestConfigs.run(herdConfig(TestConfigs.stale(100)), "least_queue");
    SimulationResult fresh = TestConfigs.run(herdConfig(SignalConfig.fresh()), "least_queue");
    assertThat(stale.latencyMs().get("all").p99()).isGreaterThan(2 * fresh.latencyMs().get("all").p99());
  }

  private static SimulationConfig herdConfig(SignalConfig signals) {
    // 64 single-server nodes at 70% load, 1 ms mean service: about 45 arrivals per ms fleet-wide.
    SimulationConfig base =
        TestConfigs.queueing(9, 64, 1, 0.7 * 64 * 1000, 1.0, ServiceModel.Kind.EXPONENTIAL, 2, 0.2);
    return base.withSignals(signals);
  }

  private static int longestRunToOneNode(SimulationConfig config, String strategy) {
    RecordingProvider recording = recording(strategy);
    runRecorded(config, recording);
    int longest = 0;
    int run = 0;
    int previous = -1;
    for (RecordingProvider.Routed routed : recording.routed) {
      run = routed.node() == previous ? run + 1 : 1;
      previous = routed.node();
      longest = Math.max(longest, run);
    }
    return longest;
  }

  static RecordingProvider recording(String strategy) {
    try {
      return new RecordingProvider(StrategyRegistry.fromClassPath().find(strategy));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static SimulationResult runRecorded(SimulationConfig config, RecordingProvider recording) {
    try {
      return Simulation.run(
          config, recording.name(), recording, StrategyParams.none(recording.name()),
          ProgressListener.NONE);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Publication is lazy: 10,000 nodes refreshing every 50 ms for 100 s would be 20 M periodic
   * publications; with 10 requests/s only the nodes whose state changed publish, so the run costs a
   * handful of events per request (a lone request's decode steps are one event: see Fleet's runs).
   */
  @Test
  void publicationCostFollowsStateChangesNotNodesTimesPeriods() {
    SimulationConfig config =
        TestConfigs.config(
            5, 100, 0,
            TestConfigs.llmWorkload(10, 100, new Distribution.Constant(200), new Distribution.Constant(50)),
            10, 1000, List.of(TestConfigs.h100(32, 8, 85.9)), MigConfig.disabled(), TestConfigs.WAN,
            TestConfigs.stale(50), Optional.empty());
    SimulationResult result = TestConfigs.run(config, "power_of_two");
    long arrived = result.requests().arrived();
    assertThat(arrived).isBetween(900L, 1100L);
    assertThat(result.events()).isLessThan(20 * arrived);
    assertThat(result.invariantsHold()).isTrue();
  }
}
