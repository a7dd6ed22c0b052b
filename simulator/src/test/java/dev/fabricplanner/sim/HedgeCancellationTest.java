package dev.fabricplanner.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fabricplanner.sim.cluster.ClusterLayout;
import dev.fabricplanner.sim.cluster.Fleet;
import dev.fabricplanner.sim.cluster.FleetObserver;
import dev.fabricplanner.sim.cluster.RequestTable;
import dev.fabricplanner.sim.config.Distribution;
import dev.fabricplanner.sim.config.MigConfig;
import dev.fabricplanner.sim.config.SignalConfig;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.engine.EventKind;
import dev.fabricplanner.sim.engine.EventQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A cancelled hedge loser leaves its server wherever it is, giving back its slot and KV at once. */
class HedgeCancellationTest {
  private final EventQueue events = new EventQueue(64);
  private final RequestTable requests = new RequestTable(64);
  private final List<Integer> completed = new ArrayList<>();
  private final Fleet fleet;

  HedgeCancellationTest() {
    // One node, one GPU of two slots, no batch window: admission happens on arrival.
    SimulationConfig config =
        TestConfigs.config(
            1, 10, 0,
            TestConfigs.llmWorkload(1, 10, new Distribution.Constant(100), new Distribution.Constant(50)),
            1, 1, List.of(TestConfigs.h100(2, 0, 85.9)), MigConfig.disabled(), TestConfigs.NO_NETWORK,
            SignalConfig.fresh(), Optional.empty());
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
    requests.outputTokens[r] = 50;
    fleet.arrive(r, 0, now);
    return r;
  }

  /** Pops events up to {@code until}, handing prefill completions to the fleet. */
  private void runUntil(double until) {
    while (events.size() > 0 && events.peekTime() <= until) {
      events.poll();
      if (events.kind() == EventKind.PREFILL_DONE) {
        fleet.prefillDone(events.target(), events.sequence(), events.time());
      }
    }
  }

  @Test
  void queuedLoserLeavesTheQueueAndWastesNothing() {
    arrive(1, 0);
    arrive(2, 0);
    int queued = arrive(3, 0);
    assertThat(fleet.queueLength(0)).isEqualTo(1);
    assertThat(fleet.cancel(queued, 1.0)).isZero();
    assertThat(fleet.queueLength(0)).isZero();
    assertThat(fleet.depth(0)).isEqualTo(2);
    assertThat(fleet.busySlots(0)).isEqualTo(2);
    assertThat(fleet.kvAccountingMismatches()).isZero();
  }

  @Test
  void loserWaitingForPrefillGivesBackItsSlotAndKvAndTheQueueMovesUp() {
    int first = arrive(1, 0);
    int waiting = arrive(2, 0);
    int queued = arrive(3, 0);
    double kvEach = requests.kvBytes[first];
    assertThat(fleet.kvReserved(0)).isCloseTo(2 * kvEach, within(1.0));
    // Held its slot for 1.5 ms without running: that is the wasted slot time.
    assertThat(fleet.cancel(waiting, 1.5)).isCloseTo(1.5, within(1e-9));
    // The freed slot went straight to the queued request.
    assertThat(fleet.queueLength(0)).isZero();
    assertThat(fleet.busySlots(0)).isEqualTo(2);
    assertThat(requests.startMs[queued]).isEqualTo(1.5);
    assertThat(fleet.kvReserved(0)).isCloseTo(2 * kvEach, within(1.0));
    assertThat(fleet.kvAccountingMismatches()).isZero();
  }

  @Test
  void runningPrefillIsStoppedAndItsCompletionEventGoesStale() {
    int prefilling = arrive(1, 0);
    int next = arrive(2, 0);
    assertThat(fleet.cancel(prefilling, 1.0)).isCloseTo(1.0, within(1e-9));
    assertThat(fleet.busySlots(0)).isEqualTo(1);
    assertThat(fleet.kvReserved(0)).isCloseTo(requests.kvBytes[next], within(1.0));
    runUntil(1_000);
    // Only the survivor ever gets a first token; the cancelled prefill's event did nothing.
    assertThat(requests.firstTokenMs[next]).isGreaterThan(1.0);
    assertThat(fleet.batchSize(0)).isEqualTo(1);
    assertThat(fleet.kvAccountingMismatches()).isZero();
  }

  @Test
  void decodingLoserLeavesTheBatchMidServiceAndFreesItsKv() {
    int a = arrive(1, 0);
    int b = arrive(2, 0);
    runUntil(100); // both prefilled (100 tokens each at ~50k tokens/s), now decoding
    assertThat(fleet.batchSize(0)).isEqualTo(2);
    double held = fleet.cancel(b, 100);
    assertThat(held).isCloseTo(100 - requests.startMs[b], within(1e-9));
    assertThat(fleet.batchSize(0)).isEqualTo(1);
    assertThat(fleet.busySlots(0)).isEqualTo(1);
    assertThat(fleet.kvReserved(0)).isCloseTo(requests.kvBytes[a], within(1.0));
    assertThat(fleet.kvAccountingMismatches()).isZero();
    // The survivor still finishes; the cancelled one never does.
    while (!fleet.decodeTimers().isEmpty()) {
      double t = fleet.decodeTimers().topTime();
      int s = fleet.decodeTimers().topServer();
      fleet.decodeTimers().cancel(s);
      fleet.decodeDue(s, t);
    }
    assertThat(completed).containsExactly(a);
    assertThat(fleet.busySlots(0)).isZero();
    assertThat(fleet.kvReserved(0)).isZero();
  }
}
