package dev.fabricplanner.probe.fabric;

/**
 * Windowed streaming: the initiator posts a window of sends back to back, the responder receives
 * them all, re-posts its receives and returns a credit; one round is one window. The bandwidth
 * sweep runs it per size with a fixed window, the batch sweep per batch size at one message size.
 *
 * <p>The responder checks both stamps of every message, and the full CRC32C of every message of
 * the warm-up rounds and of the last timed round (after its credit, so outside the timing); it
 * sends its counts back as a verdict at the end.
 */
final class StreamTest {
  private static final int CONTROL_BYTES = 64;
  private static final int CREDIT_SLOT = FabricEndpoint.MAX_SLOTS - 1;

  private final FabricEndpoint endpoint;
  private final long peer;
  private final PeerBarrier barrier;
  private final TestPlan plan;
  private final PayloadPattern pattern = new PayloadPattern();

  StreamTest(FabricEndpoint endpoint, long peer, PeerBarrier barrier, TestPlan plan) {
    this.endpoint = endpoint;
    this.peer = peer;
    this.barrier = barrier;
    this.plan = plan;
  }

  /**
   * @param batched post each window as one batch: FI_MORE on every send but the last (the batch
   *     sweep); otherwise plain back-to-back fi_send, as fabtests' bandwidth tests post
   */
  ThroughputPoint initiate(String phase, int size, int window, int rounds, int warmup,
      boolean batched) throws FabricException {
    int total = warmup + rounds;
    RegisteredBuffer data = endpoint.registerBuffer((long) window * size, false);
    RegisteredBuffer control = endpoint.registerBuffer(CONTROL_BYTES, false);
    try {
      for (int slot = 0; slot < window; slot++) {
        pattern.fill(data, (long) slot * size, size, slot);
      }
      CompletionQueue tx = endpoint.tx();
      CompletionQueue rx = endpoint.rx();
      long txBase = tx.completed();
      long rxBase = rx.completed();
      String creditWait = phase + " credit";
      String sendWait = phase + " send";
      Deadline deadline = Deadline.after(plan.timeout());
      endpoint.postRecv(control, 0, CONTROL_BYTES, CREDIT_SLOT, deadline);
      barrier.await(phase);
      SampleStats stats = new SampleStats();
      long timedStart = 0;
      for (int round = 0; round < total; round++) {
        deadline.restart();
        if (round == warmup) {
          timedStart = System.nanoTime();
        }
        long start = System.nanoTime();
        for (int slot = 0; slot < window; slot++) {
          long stamp = PayloadPattern.roundStamp(round, slot);
          PayloadPattern.stamp(data, (long) slot * size, size, stamp);
          if (batched) {
            endpoint.postSendInBatch(data, (long) slot * size, size, peer, slot,
                slot + 1 < window, deadline);
          } else {
            endpoint.postSend(data, (long) slot * size, size, peer, slot, deadline);
          }
        }
        endpoint.awaitCompletions(rx, rxBase + round + 1, deadline, creditWait);
        rx.consume();
        if (round + 1 < total) {
          endpoint.postRecv(control, 0, CONTROL_BYTES, CREDIT_SLOT, deadline);
        }
        endpoint.awaitCompletions(tx, txBase + (long) (round + 1) * window, deadline, sendWait);
        tx.discardPending();
        if (round >= warmup) {
          stats.recordNanos(System.nanoTime() - start);
        }
      }
      long elapsed = System.nanoTime() - timedStart;
      // The responder's counts, once it has checked the last round in full.
      Verification verification = VerdictMessage.receive(endpoint, control, CREDIT_SLOT, barrier,
          phase, rxBase + total + 1, deadline);
      double gigabytes = (double) size * window * rounds / 1e9;
      return new ThroughputPoint(size, window, rounds, warmup, gigabytes / (elapsed / 1e9),
          stats.percentileMicros(50), stats.percentileMicros(99), stats.noisePercent(),
          verification);
    } finally {
      endpoint.release(data);
      endpoint.release(control);
    }
  }

  void respond(String phase, int size, int window, int rounds, int warmup)
      throws FabricException {
    int total = warmup + rounds;
    RegisteredBuffer data = endpoint.registerBuffer((long) window * size, false);
    RegisteredBuffer control = endpoint.registerBuffer(CONTROL_BYTES, false);
    try {
      CompletionQueue tx = endpoint.tx();
      CompletionQueue rx = endpoint.rx();
      long txBase = tx.completed();
      long rxBase = rx.completed();
      long[] expectedCrc = new long[window];
      for (int slot = 0; slot < window; slot++) {
        expectedCrc[slot] = pattern.crc(size, slot);
      }
      String receiveWait = phase + " receive";
      String creditWait = phase + " credit";
      Deadline deadline = Deadline.after(plan.timeout());
      for (int slot = 0; slot < window; slot++) {
        endpoint.postRecv(data, (long) slot * size, size, slot, deadline);
      }
      barrier.await(phase);
      long stampChecks = 0;
      long contentChecks = 0;
      long stampErrors = 0;
      long contentErrors = 0;
      int[] arrived = new int[window];
      for (int round = 0; round < total; round++) {
        deadline.restart();
        endpoint.awaitCompletions(rx, rxBase + (long) (round + 1) * window, deadline, receiveWait);
        boolean last = round + 1 == total;
        for (int i = 0; i < window; i++) {
          int slot = rx.pendingSlot();
          long length = rx.pendingLength();
          rx.consume();
          arrived[i] = slot;
          stampChecks++;
          if (length != size
              || !PayloadPattern.stamped(data, (long) slot * size, size,
                  PayloadPattern.roundStamp(round, slot))) {
            stampErrors++;
          }
          if (round < warmup) {
            contentChecks++;
            if (!pattern.intact(data, (long) slot * size, size, expectedCrc[slot])) {
              contentErrors++;
            }
          }
        }
        if (!last) {
          for (int slot = 0; slot < window; slot++) {
            endpoint.postRecv(data, (long) slot * size, size, slot, deadline);
          }
        }
        endpoint.postSend(control, 0, CONTROL_BYTES, peer, CREDIT_SLOT, deadline);
        endpoint.awaitCompletions(tx, txBase + round + 1, deadline, creditWait);
        tx.discardPending();
        if (last) {
          for (int slot : arrived) {
            contentChecks++;
            if (!pattern.intact(data, (long) slot * size, size, expectedCrc[slot])) {
              contentErrors++;
            }
          }
        }
      }
      VerdictMessage.write(
          control.memory(), stampChecks, contentChecks, stampErrors, contentErrors);
      VerdictMessage.send(endpoint, control, CREDIT_SLOT, peer, barrier, phase,
          txBase + total + 1, deadline);
    } finally {
      endpoint.release(data);
      endpoint.release(control);
    }
  }
}
