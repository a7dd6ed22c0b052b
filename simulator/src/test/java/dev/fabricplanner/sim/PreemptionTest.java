package dev.fabricplanner.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabricplanner.sim.cluster.Fleet;
import dev.fabricplanner.sim.cluster.RequestTable;
import dev.fabricplanner.sim.config.GpuCatalog;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * When decoding requests outgrow the KV blocks, the newest running request is preempted: its blocks
 * go back, it returns to the head of the waiting queue and is recomputed (prompt plus the tokens it
 * had) once blocks free up, as vLLM V1 does.
 */
class PreemptionTest {
  // 20 blocks of 16 tokens (20.5 blocks' worth of bytes above the weights at 0.9 utilization).
  private final SteppedServer server =
      new SteppedServer(
          8, (GpuCatalog.MODEL_WEIGHTS_GB + 20.5 * 16 * GpuCatalog.KV_BYTES_PER_TOKEN / 1e9) / 0.9,
          100, 150);
  private final RequestTable requests = server.requests;
  private final List<Integer> completed = server.completed;
  private final Fleet fleet = server.fleet;

  private int arrive(long id, double now) {
    return server.arrive(id, now, null);
  }

  private void runWhile(BooleanSupplier going) {
    server.runWhile(going);
  }

  @Test
  void theNewestRunningRequestIsPreemptedAndRecomputedLater() {
    assertThat(fleet.kvBlocks(0)).isEqualTo(20);
    int older = arrive(1, 0);
    int newer = arrive(2, 0); // waits for the first step, then is taken: the newest running
    // Two contexts of up to 250 tokens need 2 x 16 blocks: more than 20, so someone must give way.
    runWhile(() -> requests.preemptions[newer] == 0 && completed.isEmpty());
    assertThat(requests.preemptions[newer]).isEqualTo(1);
    assertThat(requests.preemptions[older]).isZero();
    assertThat(fleet.queueLength(0)).isEqualTo(1);
    assertThat(fleet.running(0)).isEqualTo(1);
    assertThat(fleet.kvAccountingMismatches()).isZero();
    // It had produced tokens before it was preempted; they are recomputed, not produced again.
    int generatedBefore = requests.generated[newer];
    assertThat(generatedBefore).isPositive();
    runWhile(() -> completed.size() < 2);
    assertThat(completed).containsExactly(older, newer);
    assertThat(requests.generated[newer]).isEqualTo(150);
    assertThat(fleet.preemptions()).isEqualTo(1);
    assertThat(fleet.usedBlocks(0)).isZero();
    assertThat(fleet.kvAccountingMismatches()).isZero();
  }
}
