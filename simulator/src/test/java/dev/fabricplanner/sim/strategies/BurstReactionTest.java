package dev.fabricplanner.sim.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * An MMPP burst triples the arrival rate. {@code predictive_mesh} forecasts the origin cells filling
 * from the arrival rate it sees and spills to neighbours before the queues are published; {@code mesh}
 * waits for the published queues.
 */
class BurstReactionTest {
  private static final double BURST_MS = 8_000;
  private static final double BIN_MS = 25;

  /** Time after the burst starts until a 25 ms bin first sends more than {@code share} remote. */
  private static double reactionMs(Recording recording, double share) {
    for (double t = BURST_MS; t < BURST_MS + 4_000; t += BIN_MS) {
      if (1 - recording.localShare(t, t + BIN_MS) > share) {
        return t - BURST_MS;
      }
    }
    return Double.POSITIVE_INFINITY;
  }

  @Test
  void predictiveMeshSpillsBeforeMeshSeesTheQueues() {
    Scenario scenario = new Scenario();
    scenario.durationS = 12;
    scenario.signals = Scenario.stale(250);
    scenario.arrival =
        "{ type: mmpp, states: 2, rates_rps: [" + scenario.rpsForLoad(0.25) + ", "
            + scenario.rpsForLoad(0.95) + "], dwell_s: [8, 4] }";

    Recording predictive = scenario.run("predictive_mesh");
    Recording mesh = scenario.run("mesh");
    Recording heuristic = scenario.run("heuristic");
    double predictiveMs = reactionMs(predictive, 0.1);
    double meshMs = reactionMs(mesh, 0.1);
    double predictiveEarly = 1 - predictive.localShare(BURST_MS, BURST_MS + 200);
    double meshEarly = 1 - mesh.localShare(BURST_MS, BURST_MS + 200);
    System.out.printf(
        "before the burst, local share: predictive %.3f, mesh %.3f, heuristic %.3f (network-blind);"
            + " reaction (a 25 ms bin > 10%% remote) ms: predictive %.0f, mesh %.0f;"
            + " remote share in the burst's first 200 ms: predictive %.3f, mesh %.3f%n",
        predictive.localShare(2_000, BURST_MS), mesh.localShare(2_000, BURST_MS),
        heuristic.localShare(2_000, BURST_MS), predictiveMs, meshMs, predictiveEarly, meshEarly);

    // Before the burst both keep (nearly) everything local; the network-blind heuristic cannot.
    assertThat(predictive.localShare(2_000, BURST_MS)).isGreaterThan(0.95);
    assertThat(mesh.localShare(2_000, BURST_MS)).isGreaterThan(0.95);
    assertThat(heuristic.localShare(2_000, BURST_MS)).isLessThan(0.4);
    // The forecast spills as the arrival rate rises; mesh waits for published queues (250 ms).
    assertThat(predictiveMs).isLessThan(meshMs);
    assertThat(predictiveEarly).isGreaterThan(1.5 * meshEarly);
  }

  /**
   * One cell, so the network plays no part: when the burst starts (25 % → 90 % load, signals 250 ms
   * stale), the forecast and its own unseen sends keep {@code predictive_mesh} from piling requests
   * on nodes that still look idle; {@code heuristic} learns of the burst only from published queues
   * and, later, from slow completions.
   */
  @Test
  void predictiveMeshAbsorbsTheBurstsOnsetBetterThanHeuristic() {
    Scenario scenario = new Scenario();
    scenario.cells = 1;
    scenario.nodesPerCell = 32;
    scenario.durationS = 10;
    scenario.signals = Scenario.stale(250);
    scenario.arrival =
        "{ type: mmpp, states: 2, rates_rps: [" + scenario.rpsForLoad(0.25) + ", "
            + scenario.rpsForLoad(0.9) + "], dwell_s: [8, 4] }";
    Recording predictive = scenario.run("predictive_mesh");
    Recording heuristic = scenario.run("heuristic");
    Recording mesh = scenario.run("mesh");
    double predictiveBefore = predictive.latencyQuantile(0.99, BURST_MS - 1000, BURST_MS);
    double heuristicBefore = heuristic.latencyQuantile(0.99, BURST_MS - 1000, BURST_MS);
    double predictiveOnset = predictive.latencyQuantile(0.99, BURST_MS, BURST_MS + 250);
    double heuristicOnset = heuristic.latencyQuantile(0.99, BURST_MS, BURST_MS + 250);
    double meshOnset = mesh.latencyQuantile(0.99, BURST_MS, BURST_MS + 250);
    System.out.printf(
        "p99 ms of requests arriving in the second before the burst: predictive %.1f, heuristic %.1f;"
            + " in its first 250 ms: predictive %.1f, heuristic %.1f, mesh %.1f%n",
        predictiveBefore, heuristicBefore, predictiveOnset, heuristicOnset, meshOnset);

    // Before the burst both are near the 21 ms service time...
    assertThat(predictiveBefore).isLessThan(40);
    assertThat(heuristicBefore).isLessThan(60);
    // ...at its onset the forecast holds the tail to a fraction of heuristic's (and mesh's).
    assertThat(predictiveOnset).isLessThan(0.5 * heuristicOnset).isLessThan(meshOnset);
  }
}
