package dev.fabricplanner.sim.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A hedge, a real duplicate sent after the observed p95, cuts the tail when some nodes are slow. */
class HedgingTest {

  @Test
  void hedgingCutsP99WhenATenthOfNodesIsSlowed() {
    Scenario scenario = new Scenario();
    scenario.cells = 1;
    scenario.nodesPerCell = 20;
    scenario.signals = Scenario.stale(100);
    scenario.arrival = "{ type: poisson, rps: " + scenario.rpsForLoad(0.4) + " }";
    scenario.faults = "[{ at_s: 0, kind: slowdown, fraction: 0.1, factor: 10 }]";

    Recording mesh = scenario.run("mesh");
    Recording hedged = scenario.run("mesh_hedge");
    var hedges = hedged.result.hedge();
    System.out.printf(
        "p99 ms: mesh %.1f, mesh_hedge %.1f; hedges issued %d, won %d, wasted %.2f GPU-s of %d"
            + " requests%n",
        mesh.p99(), hedged.p99(), hedges.issued(), hedges.won(), hedges.wastedGpuS(),
        hedged.result.requests().arrived());

    assertThat(hedged.p99()).isLessThan(0.7 * mesh.p99());
    assertThat(mesh.result.hedge().issued()).isZero();
    assertThat(hedges.issued()).isPositive().isLessThan(hedged.result.requests().arrived() / 5);
    assertThat(hedges.won()).isPositive().isLessThanOrEqualTo(hedges.issued());
    assertThat(hedges.wastedGpuS()).isPositive();
    assertThat(hedged.result.invariantsHold()).as(hedged.result.invariants().toString()).isTrue();
    // Each request counts once however many copies ran.
    assertThat(hedged.result.latencyMs().get("all").count())
        .isEqualTo(hedged.result.requests().completed());
  }
}
