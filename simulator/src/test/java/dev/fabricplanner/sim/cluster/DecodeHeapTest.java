package dev.fabricplanner.sim.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DecodeHeapTest {
  @Test
  void removesInKeyOrderUnderInterleavedInserts() {
    RequestTable table = new RequestTable(8);
    DecodeHeap heap = new DecodeHeap(table);
    SplittableRandom random = new SplittableRandom(3);
    int root = -1;
    List<Integer> live = new ArrayList<>();
    double lastRemoved = Double.NEGATIVE_INFINITY;
    for (int step = 0; step < 50_000; step++) {
      if (live.isEmpty() || random.nextInt(3) > 0) {
        int r = table.allocate();
        table.id[r] = step;
        // Keys only ever grow past what was removed, as virtual finish times do.
        table.finishV[r] = Math.max(lastRemoved, 0) + random.nextInt(1000);
        root = heap.insert(root, r);
        live.add(r);
      } else {
        int expected = live.get(0);
        for (int r : live) {
          if (table.finishV[r] < table.finishV[expected]
              || (table.finishV[r] == table.finishV[expected] && table.id[r] < table.id[expected])) {
            expected = r;
          }
        }
        assertThat(root).isEqualTo(expected);
        lastRemoved = table.finishV[root];
        int removed = root;
        root = heap.removeMin(root);
        live.remove(Integer.valueOf(removed));
        table.release(removed);
      }
    }
  }

  @Test
  void removingAnyMemberKeepsTheOthersInKeyOrder() {
    RequestTable table = new RequestTable(8);
    DecodeHeap heap = new DecodeHeap(table);
    SplittableRandom random = new SplittableRandom(11);
    int root = -1;
    List<Integer> live = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      int r = table.allocate();
      table.id[r] = i;
      table.finishV[r] = random.nextInt(500);
      root = heap.insert(root, r);
      live.add(r);
    }
    // Pop a few so the heap has a deep, melded shape, then cancel a third of the rest at random.
    for (int i = 0; i < 20; i++) {
      live.remove(Integer.valueOf(root));
      root = heap.removeMin(root);
    }
    for (int i = 0; i < 100; i++) {
      int victim = live.remove(random.nextInt(live.size()));
      root = heap.remove(root, victim);
    }
    live.sort((a, b) -> table.finishV[a] != table.finishV[b]
        ? Double.compare(table.finishV[a], table.finishV[b])
        : Long.compare(table.id[a], table.id[b]));
    for (int expected : live) {
      assertThat(root).isEqualTo(expected);
      root = heap.removeMin(root);
    }
    assertThat(root).isEqualTo(-1);
  }
}
