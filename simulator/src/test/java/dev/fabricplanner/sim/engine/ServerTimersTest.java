package dev.fabricplanner.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ServerTimersTest {
  @Test
  void topIsTheEarliestTimerAfterSetsMovesAndCancels() {
    int servers = 300;
    ServerTimers timers = new ServerTimers(servers);
    double[] due = new double[servers];
    Arrays.fill(due, Double.NaN);
    SplittableRandom random = new SplittableRandom(9);
    for (int step = 0; step < 30_000; step++) {
      int s = random.nextInt(servers);
      if (random.nextInt(4) == 0) {
        timers.cancel(s);
        due[s] = Double.NaN;
      } else {
        double t = random.nextInt(500);
        timers.set(s, t);
        due[s] = t;
      }
      int expected = -1;
      for (int k = 0; k < servers; k++) {
        if (!Double.isNaN(due[k]) && (expected < 0 || due[k] < due[expected])) {
          expected = k;
        }
      }
      assertThat(timers.isEmpty()).isEqualTo(expected < 0);
      if (expected >= 0) {
        assertThat(timers.topServer()).isEqualTo(expected);
        assertThat(timers.topTime()).isEqualTo(due[expected]);
      }
    }
  }
}
