package dev.fabricplanner.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabricplanner.sim.cluster.ClusterLayout;
import dev.fabricplanner.sim.cluster.Fleet;
import dev.fabricplanner.sim.cluster.FleetObserver;
import dev.fabricplanner.sim.cluster.RequestTable;
import dev.fabricplanner.sim.config.Distribution;
import dev.fabricplanner.sim.config.GpuCatalog;
import dev.fabricplanner.sim.config.MigConfig;
import dev.fabricplanner.sim.config.SignalConfig;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.engine.EventQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * When decoding requests outgrow the KV blocks, the newest running request is preempted: its blocks
 * go back, it returns to the head of the waiting queue and is recomputed (prompt plus the tokens it
 * had) once blocks free up, as vLLM V1 does.
 */
class PreemptionTest {
  private final EventQueue events = new EventQueue(64);
  private final RequestTable requests = new RequestTable(64);
  private final List<Integer> completed = new ArrayList<>();
  private final Fleet fleet;

  PreemptionTest() {
    // 20 blocks of 16 tokens (20.5 blocks' worth of bytes above the weights at 0.9 utilization).
    double kvGb = 20.5 * 16 * GpuCatalog.KV_BYTES_PER_TOKEN / 1e9;
    SimulationConfig config =
        TestConfigs.config(
            1, 10, 0,
            TestConfigs.llmWorkload(1, 10, new Distribution.Constant(100), new Distribution.Constant(150)),
            1, 1, List.of(TestConfigs.h100(8, 0, (GpuCatalog.MODEL_WEIGHTS_GB + kvGb) / 0.9)),
            MigConfig.disabled(), TestConfigs.NO_NETWORK, SignalConfig.fresh(), Optional.empty());
    fleet = ClusterLayout.build(config, events, requests);
    fleet.attach(
        new FleetObserver() {
          @Override
          public void requestCompleted(int request, double nowMs) {
            completed.add(request);
          }

          @Override
          public void requestRejected(int request, double nowMs) {
            throw new AssertionError("no request should be rejected");
          }

          @Override
          public void tokensProduced(int count, double gapMs, double nowMs) {}

          @Override
          public void loadChanged(int node, double nowMs) {}

          @Override
          public void resourcesChanged(int node, double nowMs) {}
        });
  }

  private int arrive(long id, double now) {
    int r = requests.allocate();
    requests.id[r] = id;
    requests.arrivalMs[r] = now;
    requests.inputTokens[r] = 100;
    requests.outputTokens[r] = 150;
    fleet.arrive(r, 0, now);
    return r;
  }

  /** Runs steps while {@code going} holds and a step is left. */
  private void runWhile(BooleanSupplier going) {
    while (going.getAsBoolean() && !fleet.stepTimers().isEmpty()) {
      double t = fleet.stepTimers().topTime();
      int s = fleet.stepTimers().topServer();
      fleet.stepTimers().cancel(s);
      fleet.stepDone(s, t);
    }
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
