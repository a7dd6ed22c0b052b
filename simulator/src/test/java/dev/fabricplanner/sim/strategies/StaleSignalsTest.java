package dev.fabricplanner.sim.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With stale signals {@code least_queue} herds: every request between two publications goes to the
 * node that last looked emptiest. {@code power_of_two} and {@code mesh_stale} do not.
 */
class StaleSignalsTest {
  private static final double PERIOD_MS = 200;

  /** The most requests sent to one node within one publication period (fixed 200 ms windows). */
  private static int maxPerNodePerPeriod(Recording recording) {
    Map<Long, Integer> counts = new HashMap<>();
    int max = 0;
    for (Recording.Routed r : recording.routed) {
      long key = (long) (r.atMs() / PERIOD_MS) * 1_000_000L + r.node();
      int count = counts.merge(key, 1, Integer::sum);
      max = Math.max(max, count);
    }
    return max;
  }

  @Test
  void leastQueueHerdsWhileSamplingStrategiesSpread() {
    Scenario scenario = new Scenario();
    scenario.cells = 2;
    scenario.nodesPerCell = 16;
    scenario.signals = Scenario.stale(PERIOD_MS);
    scenario.arrival = "{ type: poisson, rps: " + scenario.rpsForLoad(0.6) + " }";

    Recording leastQueue = scenario.run("least_queue");
    Recording powerOfTwo = scenario.run("power_of_two");
    Recording meshStale = scenario.run("mesh_stale");
    int herd = maxPerNodePerPeriod(leastQueue);
    int sampled = maxPerNodePerPeriod(powerOfTwo);
    int discounted = maxPerNodePerPeriod(meshStale);
    System.out.printf(
        "max requests to one node per %s ms: least_queue %d, power_of_two %d, mesh_stale %d;"
            + " p99 ms %.1f / %.1f / %.1f%n",
        PERIOD_MS, herd, sampled, discounted, leastQueue.p99(), powerOfTwo.p99(), meshStale.p99());

    // 0.6 load on 32 nodes of 4 slots at 20 ms: a fair share is 0.6 x 4 x 200 / 20 = 24 per period.
    assertThat(herd).isGreaterThan(3 * sampled).isGreaterThan(3 * discounted);
    assertThat(sampled).isLessThan(3 * 24);
    assertThat(discounted).isLessThan(3 * 24);
    assertThat(leastQueue.p99()).isGreaterThan(2 * powerOfTwo.p99()).isGreaterThan(2 * meshStale.p99());
  }
}
