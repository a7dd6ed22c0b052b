package dev.fabricplanner.sim.signals;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LoadIndexTest {
  @Test
  void topIsAlwaysTheLeastKeyWithTiesToTheLowestNode() {
    int first = 100;
    int count = 257;
    double[] keys = new double[first + count];
    LoadIndex index = new LoadIndex(first, count, keys);
    SplittableRandom random = new SplittableRandom(5);
    for (int step = 0; step < 20_000; step++) {
      int node = first + random.nextInt(count);
      keys[node] = random.nextInt(10) == 0 ? Double.POSITIVE_INFINITY : random.nextInt(8) / 4.0;
      index.changed(node);
      int expected = first;
      for (int n = first; n < first + count; n++) {
        if (keys[n] < keys[expected]) {
          expected = n;
        }
      }
      assertThat(index.top()).isEqualTo(expected);
    }
  }
}
