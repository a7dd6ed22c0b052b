package dev.fabricplanner.probe.fabric;

/**
 * Ping-pong latency at one size. The initiator sends, the responder echoes its receive buffer
 * unchanged, and the initiator checks every echo (both stamps and the full CRC32C) outside the
 * timed interval: so a corruption anywhere on the path fails the point.
 */
final class PingPongTest {
  private final FabricEndpoint endpoint;
  private final long peer;
  private final PeerBarrier barrier;
  private final TestPlan plan;
  private final PayloadPattern pattern = new PayloadPattern();

  PingPongTest(FabricEndpoint endpoint, long peer, PeerBarrier barrier, TestPlan plan) {
    this.endpoint = endpoint;
    this.peer = peer;
    this.barrier = barrier;
    this.plan = plan;
  }

  LatencyPoint initiate(int size) throws FabricException {
    int iterations = plan.latencyIterationsFor(size);
    int warmup = plan.latencyWarmup();
    int total = warmup + iterations;
    RegisteredBuffer send = endpoint.registerBuffer(size, false);
    RegisteredBuffer receive = endpoint.registerBuffer(size, false);
    try {
      pattern.fill(send.memory(), 0, size, size);
      CompletionQueue tx = endpoint.tx();
      CompletionQueue rx = endpoint.rx();
      long txBase = tx.completed();
      long rxBase = rx.completed();
      Deadline deadline = Deadline.after(plan.timeout());
      endpoint.postRecv(receive, 0, size, 0, deadline);
      barrier.await("pingpong " + size);
      SampleStats stats = new SampleStats();
      long timedNanos = 0;
      long stampErrors = 0;
      long contentErrors = 0;
      for (int i = 0; i < total; i++) {
        deadline = Deadline.after(plan.timeout());
        PayloadPattern.stamp(send.memory(), 0, size, i + 1);
        long start = System.nanoTime();
        endpoint.postSend(send, 0, size, peer, 0, deadline);
        endpoint.awaitCompletions(rx, rxBase + i + 1, deadline, "ping-pong echo " + size + " B");
        long roundTrip = System.nanoTime() - start;
        rx.consume();
        if (i >= warmup) {
          stats.recordNanos(roundTrip / 2);
          timedNanos += roundTrip;
        }
        endpoint.awaitCompletions(tx, txBase + i + 1, deadline, "ping-pong send " + size + " B");
        tx.discardPending();
        if (!PayloadPattern.stamped(receive.memory(), 0, size, i + 1)) {
          stampErrors++;
        }
        if (!pattern.intact(receive.memory(), 0, size, size)) {
          contentErrors++;
        }
        if (i + 1 < total) {
          endpoint.postRecv(receive, 0, size, 0, deadline);
        }
      }
      double seconds = timedNanos / 1e9;
      double megabytes = 2.0 * size * iterations / (1 << 20);
      return new LatencyPoint(size, iterations, warmup, stats.percentileMicros(50),
          stats.percentileMicros(99), stats.minMicros(), stats.noisePercent(),
          megabytes / seconds, Verification.of(total, total, stampErrors, contentErrors));
    } finally {
      endpoint.release(send);
      endpoint.release(receive);
    }
  }

  /** Echoes every message back; {@code tamper} (tests only) may change a message before echo. */
  void respond(int size, PayloadTamper tamper) throws FabricException {
    int total = plan.latencyWarmup() + plan.latencyIterationsFor(size);
    boolean reliable = endpoint.provider().endpointType().reliable();
    RegisteredBuffer slots = endpoint.registerBuffer(2L * size, false);
    try {
      CompletionQueue tx = endpoint.tx();
      CompletionQueue rx = endpoint.rx();
      long txBase = tx.completed();
      long rxBase = rx.completed();
      Deadline deadline = Deadline.after(plan.timeout());
      endpoint.postRecv(slots, 0, size, 0, deadline);
      barrier.await("pingpong " + size);
      for (int i = 0; i < total; i++) {
        deadline = Deadline.after(plan.timeout());
        endpoint.awaitCompletions(rx, rxBase + i + 1, deadline, "ping-pong receive " + size + " B");
        int slot = rx.pendingSlot();
        rx.consume();
        if (tamper != null) {
          tamper.tamper(slots.memory(), (long) slot * size, size);
        }
        // Reliable endpoints queue an early message, so the echo goes first (it is on the
        // critical path); a datagram endpoint drops it, so there the next receive goes first.
        if (reliable) {
          endpoint.postSend(slots, (long) slot * size, size, peer, 0, deadline);
        }
        // The other slot was last echoed at i-1: its send must be done before it receives again.
        endpoint.awaitCompletions(tx, txBase + i, deadline, "ping-pong echo send " + size + " B");
        tx.discardPending();
        if (i + 1 < total) {
          int next = 1 - slot;
          endpoint.postRecv(slots, (long) next * size, size, next, deadline);
        }
        if (!reliable) {
          endpoint.postSend(slots, (long) slot * size, size, peer, 0, deadline);
        }
      }
      endpoint.awaitCompletions(tx, txBase + total, Deadline.after(plan.timeout()),
          "ping-pong last echo " + size + " B");
      tx.discardPending();
    } finally {
      endpoint.release(slots);
    }
  }
}
