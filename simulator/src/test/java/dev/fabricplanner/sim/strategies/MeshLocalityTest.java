package dev.fabricplanner.sim.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code mesh} keeps traffic in the request's origin cell until that cell is loaded. */
class MeshLocalityTest {
  /** Cell 0 serves 4x slower, so at the same arrival rate it fills first. */
  private static final String SLOW_CELL_0 = "[{ at_s: 0, kind: slowdown, cell: 0, factor: 4 }]";

  @Test
  void meshStaysLocalAtLowLoadAndSpillsAtHighLoad() {
    Scenario light = new Scenario();
    light.faults = SLOW_CELL_0;
    light.arrival = "{ type: poisson, rps: " + light.rpsForLoad(0.1) + " }";
    Scenario heavy = new Scenario();
    heavy.faults = SLOW_CELL_0;
    heavy.arrival = "{ type: poisson, rps: " + heavy.rpsForLoad(0.5) + " }";

    Recording meshLight = light.run("mesh");
    Recording meshHeavy = heavy.run("mesh");
    Recording randomLight = light.run("random");
    double lightShare = meshLight.localShare(0, Double.MAX_VALUE);
    double lightSlowShare = meshLight.localShareFrom(0, 0, Double.MAX_VALUE);
    double heavyShare = meshHeavy.localShare(0, Double.MAX_VALUE);
    double heavySlowShare = meshHeavy.localShareFrom(0, 0, Double.MAX_VALUE);
    System.out.printf(
        "mesh local share (from the slowed cell 0): %.3f (%.3f) at 10%% load, %.3f (%.3f) at 50%%"
            + " load; random %.3f%n",
        lightShare, lightSlowShare, heavyShare, heavySlowShare,
        randomLight.localShare(0, Double.MAX_VALUE));

    assertThat(lightShare).isGreaterThan(0.9);
    assertThat(lightSlowShare).isGreaterThan(0.9);
    // Cell 0 now needs 2x its capacity: most of its requests go to a neighbour...
    assertThat(heavySlowShare).isLessThan(0.6);
    // ...while the healthy cells, half loaded, keep theirs.
    assertThat(heavyShare).isGreaterThan(heavySlowShare);
    // A network-blind strategy serves a quarter locally with four cells: locality is mesh's doing.
    assertThat(randomLight.localShare(0, Double.MAX_VALUE)).isBetween(0.2, 0.3);
    // Staying local saves the WAN round trip (25 ms base) on most requests.
    assertThat(meshLight.result.latencyMs().get("all").p50())
        .isLessThan(randomLight.result.latencyMs().get("all").p50());
    assertThat(meshHeavy.result.invariantsHold()).isTrue();
  }
}
