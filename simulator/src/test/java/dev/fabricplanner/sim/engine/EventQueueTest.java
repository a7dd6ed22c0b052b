package dev.fabricplanner.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EventQueueTest {
  record Scheduled(double time, int kind, long sequence, int target) {}

  @Test
  void popsInTimeKindSequenceOrder() {
    EventQueue queue = new EventQueue(4);
    SplittableRandom random = new SplittableRandom(1);
    List<Scheduled> scheduled = new ArrayList<>();
    List<Scheduled> popped = new ArrayList<>();
    for (int round = 0; round < 50; round++) {
      for (int i = 0; i < 400; i++) {
        double time = 1000 * round + random.nextInt(50); // many equal times
        int kind = random.nextInt(EventKind.END + 1);
        int target = random.nextInt(1_000_000);
        long sequence = queue.schedule(time, kind, target);
        scheduled.add(new Scheduled(time, kind, sequence, target));
      }
      for (int i = 0; i < 300; i++) {
        assertThat(queue.poll()).isTrue();
        popped.add(new Scheduled(queue.time(), queue.kind(), queue.sequence(), queue.target()));
      }
    }
    while (queue.poll()) {
      popped.add(new Scheduled(queue.time(), queue.kind(), queue.sequence(), queue.target()));
    }
    List<Scheduled> expected = new ArrayList<>(scheduled);
    expected.sort(
        Comparator.comparingDouble(Scheduled::time)
            .thenComparingInt(Scheduled::kind)
            .thenComparingLong(Scheduled::sequence));
    // Interleaved polls only ever remove the current minimum, so the full pop order is sorted.
    assertThat(popped).hasSize(scheduled.size()).containsExactlyElementsOf(expected);
    assertThat(queue.size()).isZero();
  }
}
