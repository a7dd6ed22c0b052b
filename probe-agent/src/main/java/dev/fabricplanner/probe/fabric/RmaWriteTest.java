package dev.fabricplanner.probe.fabric;

/**
 * One-sided RMA write at one size: the responder registers a window of target slots and sends
 * their address and key; the initiator writes a window per round and waits for the writes'
 * completions. A final message (ordered after the writes: send-after-write) tells the responder to
 * check the last round's slots in full, and it returns a verdict.
 */
final class RmaWriteTest {
  private static final int CONTROL_BYTES = 64;
  private static final int CONTROL_SLOT = FabricEndpoint.MAX_SLOTS - 1;

  private final FabricEndpoint endpoint;
  private final long peer;
  private final PeerBarrier barrier;
  private final TestPlan plan;
  private final PayloadPattern pattern = new PayloadPattern();

  RmaWriteTest(FabricEndpoint endpoint, long peer, PeerBarrier barrier, TestPlan plan) {
    this.endpoint = endpoint;
    this.peer = peer;
    this.barrier = barrier;
    this.plan = plan;
  }

  ThroughputPoint initiate(int size) throws FabricException {
    String phase = "rma write " + size;
    int window = plan.windowFor(size);
    int rounds = plan.bandwidthRoundsFor(size);
    int warmup = plan.bandwidthWarmup();
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
      Deadline deadline = Deadline.after(plan.timeout());
      endpoint.postRecv(control, 0, CONTROL_BYTES, CONTROL_SLOT, deadline);
      barrier.await(phase);
      deadline.restart(); // the barrier may have taken a while
      endpoint.awaitCompletions(rx, rxBase + 1, deadline, phase + " target key");
      rx.consume();
      long remoteAddress = control.memory().getLong(0);
      long remoteKey = control.memory().getLong(8);
      SampleStats stats = new SampleStats();
      long timedStart = 0;
      long posted = 0;
      for (int round = 0; round < total; round++) {
        deadline.restart();
        if (round == warmup) {
          timedStart = System.nanoTime();
        }
        long start = System.nanoTime();
        for (int slot = 0; slot < window; slot++) {
          long offset = (long) slot * size;
          long stamp = PayloadPattern.roundStamp(round, slot);
          PayloadPattern.stamp(data, offset, size, stamp);
          endpoint.postWrite(data, offset, size, peer, remoteAddress + offset, remoteKey, slot,
              deadline);
        }
        posted += window;
        endpoint.awaitCompletions(tx, txBase + posted, deadline, phase);
        tx.discardPending();
        if (round >= warmup) {
          stats.recordNanos(System.nanoTime() - start);
        }
      }
      long elapsed = System.nanoTime() - timedStart;
      deadline.restart();
      control.memory().setLong(0, total);
      endpoint.postSend(control, 0, CONTROL_BYTES, peer, CONTROL_SLOT, deadline);
      endpoint.awaitCompletions(tx, txBase + posted + 1, deadline, phase + " done");
      tx.discardPending();
      Verification verification = VerdictMessage.receive(endpoint, control, CONTROL_SLOT, barrier,
          phase, rxBase + 2, deadline);
      double gigabytes = (double) size * window * rounds / 1e9;
      return new ThroughputPoint(size, window, rounds, warmup, gigabytes / (elapsed / 1e9),
          stats.percentileMicros(50), stats.percentileMicros(99), stats.noisePercent(),
          verification);
    } finally {
      endpoint.release(data);
      endpoint.release(control);
    }
  }

  void respond(int size) throws FabricException {
    String phase = "rma write " + size;
    int window = plan.windowFor(size);
    int total = plan.bandwidthWarmup() + plan.bandwidthRoundsFor(size);
    RegisteredBuffer target = endpoint.registerBuffer((long) window * size, true);
    RegisteredBuffer control = endpoint.registerBuffer(CONTROL_BYTES, false);
    try {
      CompletionQueue tx = endpoint.tx();
      CompletionQueue rx = endpoint.rx();
      long txBase = tx.completed();
      long rxBase = rx.completed();
      Deadline deadline = Deadline.after(plan.timeout());
      endpoint.postRecv(control, 0, CONTROL_BYTES, CONTROL_SLOT, deadline);
      RegisteredBuffer keyMessage = endpoint.registerBuffer(CONTROL_BYTES, false);
      keyMessage.memory().setLong(0, target.remoteAddress(0));
      keyMessage.memory().setLong(8, target.remoteKey());
      barrier.await(phase);
      deadline.restart(); // the barrier may have taken a while
      endpoint.postSend(keyMessage, 0, CONTROL_BYTES, peer, CONTROL_SLOT, deadline);
      endpoint.awaitCompletions(tx, txBase + 1, deadline, phase + " key");
      tx.discardPending();
      endpoint.release(keyMessage);
      // The writes raise no completion here: wait (without a deadline per round) for "done".
      endpoint.awaitCompletions(rx, rxBase + 1,
          Deadline.after(plan.timeout().multipliedBy(Math.max(1, total / 10 + 1))),
          phase + " done");
      rx.consume();
      int lastRound = total - 1;
      long stampErrors = 0;
      long contentErrors = 0;
      for (int slot = 0; slot < window; slot++) {
        long offset = (long) slot * size;
        long expected = PayloadPattern.roundStamp(lastRound, slot);
        if (!PayloadPattern.stamped(target, offset, size, expected)) {
          stampErrors++;
        }
        if (!pattern.intact(target, offset, size, pattern.crc(size, slot))) {
          contentErrors++;
        }
      }
      VerdictMessage.write(control.memory(), window, window, stampErrors, contentErrors);
      VerdictMessage.send(endpoint, control, CONTROL_SLOT, peer, barrier, phase, txBase + 2,
          deadline);
    } finally {
      endpoint.release(target);
      endpoint.release(control);
    }
  }
}
