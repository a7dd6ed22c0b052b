package dev.fabricplanner.sim.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabricplanner.strategy.kv.BlockHashTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BlockHashTableTest {

  /** Dense small keys in a table that grows and shrinks, so probe runs wrap and shift back. */
  @Test
  void agreesWithAHashMapUnderRandomPutsAndRemoves() {
    for (long seed = 1; seed <= 20; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      BlockHashTable table = new BlockHashTable(4);
      Map<Long, Integer> truth = new HashMap<>();
      List<Long> keys = new ArrayList<>();
      for (int step = 0; step < 20_000; step++) {
        int op = random.nextInt(10);
        long key = random.nextInt(10) == 0 ? -random.nextInt(50) : random.nextInt(3_000);
        if (op < 5) {
          int value = random.nextInt(1_000_000);
          table.put(key, value);
          if (truth.put(key, value) == null) {
            keys.add(key);
          }
        } else if (op < 9 && !keys.isEmpty()) {
          long victim = keys.remove(random.nextInt(keys.size()));
          assertThat(table.remove(victim)).isEqualTo(truth.remove(victim));
        } else {
          assertThat(table.remove(key)).isEqualTo(truth.containsKey(key) ? truth.remove(key) : -1);
          keys.remove(Long.valueOf(key));
        }
        assertThat(table.size()).isEqualTo(truth.size());
        if (step % 500 == 0) {
          for (long k = -50; k < 3_000; k++) {
            assertThat(table.get(k)).isEqualTo(truth.getOrDefault(k, BlockHashTable.ABSENT));
          }
        }
      }
    }
  }
}
