package dev.fabricplanner.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fabricplanner.sim.cluster.Fleet;
import dev.fabricplanner.sim.cluster.RequestTable;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A cancelled hedge loser leaves its server wherever it is, giving back its place and KV blocks at
 * once; the GPU time of the steps it was in is its wasted work.
 */
class HedgeCancellationTest {
  // One node, one H100 running at most two requests; a request arriving at an idle server starts a
  // step at once, one arriving during a step waits for the next.
  private final SteppedServer server = new SteppedServer(2, 85.9, 100, 50);
  private final RequestTable requests = server.requests;
  private final List<Integer> completed = server.completed;
  private final Fleet fleet = server.fleet;

  private int arrive(long id, double now) {
    return server.arrive(id, now, null);
  }

  private void runUntil(double until) {
    server.runUntil(until);
  }

  /** A 100-token prompt alone in a step: 100 x 1000 / 50,663 ms on the H100 profile. */
  private static final double PREFILL_STEP_MS = 100 * 1000.0 / 50_663;

  @Test
  void queuedLoserLeavesTheQueueAndWastesNothing() {
    arrive(1, 0);
    arrive(2, 0);
    int queued = arrive(3, 0);
    // The first request's step started at once; the other two wait for the next step.
    assertThat(fleet.queueLength(0)).isEqualTo(2);
    assertThat(fleet.cancel(queued, 1.0)).isZero();
    assertThat(fleet.queueLength(0)).isEqualTo(1);
    assertThat(fleet.depth(0)).isEqualTo(2);
    assertThat(fleet.busySlots(0)).isEqualTo(1);
    assertThat(fleet.kvAccountingMismatches()).isZero();
  }

  @Test
  void loserInARunningPrefillStepWastesItsShareAndFreesItsBlocksAtOnce() {
    int prefilling = arrive(1, 0);
    int next = arrive(2, 0);
    // 100 prompt tokens take ceil(100 / 16) = 7 blocks.
    assertThat(fleet.usedBlocks(0)).isEqualTo(7);
    // It was the step's only work, so the whole step's GPU time is wasted, although it was
    // cancelled half-way: the step runs on.
    assertThat(fleet.cancel(prefilling, 1.0)).isCloseTo(PREFILL_STEP_MS, within(1e-9));
    assertThat(fleet.usedBlocks(0)).isZero();
    assertThat(fleet.busySlots(0)).isZero();
    assertThat(fleet.kvAccountingMismatches()).isZero();
    runUntil(PREFILL_STEP_MS);
    // The next request starts when the step ends, not when the loser left.
    assertThat(requests.startMs[next]).isCloseTo(PREFILL_STEP_MS, within(1e-9));
    runUntil(10_000);
    assertThat(completed).containsExactly(next);
    assertThat(requests.firstTokenMs[next]).isCloseTo(2 * PREFILL_STEP_MS, within(1e-9));
    assertThat(fleet.usedBlocks(0)).isZero();
  }

  @Test
  void decodingLoserLeavesTheBatchMidServiceAndFreesItsBlocks() {
    int a = arrive(1, 0);
    int b = arrive(2, 0);
    runUntil(100); // both prefilled, now decoding
    assertThat(fleet.batchSize(0)).isEqualTo(2);
    double wasted = fleet.cancel(b, 100);
    // b's prefill step was all its own; then it had half of every two-request decode step.
    assertThat(wasted).isGreaterThan(PREFILL_STEP_MS).isLessThan(100 - PREFILL_STEP_MS);
    assertThat(fleet.batchSize(0)).isEqualTo(1);
    assertThat(fleet.busySlots(0)).isEqualTo(1);
    assertThat(fleet.kvAccountingMismatches()).isZero();
    // The survivor still finishes; the cancelled one never does.
    runUntil(100_000);
    assertThat(completed).containsExactly(a);
    assertThat(fleet.busySlots(0)).isZero();
    assertThat(fleet.usedBlocks(0)).isZero();
    assertThat(fleet.stepTimers().isEmpty()).isTrue();
  }
}
