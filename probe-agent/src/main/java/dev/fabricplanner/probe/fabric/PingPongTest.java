package dev.fabricplanner.probe.fabric;

import dev.fabricplanner.probe.jvm.CompilerWatch;

/**
 * Ping-pong latency at one size. The initiator sends a ping, the responder answers with a pong of
 * the same size from its own buffer, as fi_pingpong does: echoing the received bytes would make
 * every reply read memory the receive had just written, which costs a few microseconds at 64 KiB
 * that no real transfer pays.
 *
 * <p>Both directions are checked in full, outside the timed interval: the initiator checks every
 * pong (both stamps and the CRC32C of its pattern) before the next ping, the responder checks
 * every ping once its pong has gone and returns its counts as a verdict at the end.
 *
 * <p>Messages that fit the provider's inject size go by fi_inject, as fi_pingpong sends them: the
 * provider copies them at once and reports no transmit completion, which spares both sides
 * writing and polling one per message (about 0.1 us of a 0.8 us one-way trip over shm at 64 B,
 * measured in docs/PERFORMANCE.md).
 *
 * <p>The initiator alone decides how long to warm up: the plan's count of round trips, and at the
 * first size also at least {@link TestPlan#firstSizeWarmup()}, while the JVM compiles the loops,
 * and at every later size at least {@link TestPlan#sizeWarmup()}; then on until its JIT compilers
 * were quiet over 20 ms ({@link CompilerWatch}), at most four times that least time. The
 * responder's JVM compiles what the same round trips run and is not watched.
 * The first timed ping carries its stamp negated, which tells the responder how many follow.
 */
final class PingPongTest {
  private static final int CONTROL_BYTES = 64;
  /** The warm-up goes on until the compilers were quiet over an interval this long... */
  private static final long JIT_QUIET_INTERVAL_NANOS = 20_000_000;
  /** ...or until it has lasted this many times its planned least time. */
  private static final int JIT_WAIT_FACTOR = 4;
  private static final int VERDICT_SLOT = FabricEndpoint.MAX_SLOTS - 1;

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

  /** The pattern seeds: distinct, so a pong that is really our own ping fails its check. */
  private static int pingSeed(int size) {
    return size;
  }

  private static int pongSeed(int size) {
    return ~size;
  }

  LatencyPoint initiate(int size) throws FabricException {
    int iterations = plan.latencyIterationsFor(size);
    long warmupNanos = (size == plan.sizes().get(0) ? plan.firstSizeWarmup() : plan.sizeWarmup())
        .toNanos();
    int warmup = -1; // known once the warm-up ends
    RegisteredBuffer send = endpoint.registerBuffer(size, false);
    RegisteredBuffer receive = endpoint.registerBuffer(size, false);
    RegisteredBuffer control = endpoint.registerBuffer(CONTROL_BYTES, false);
    try {
      pattern.fill(send, 0, size, pingSeed(size));
      long pongCrc = pattern.crc(size, pongSeed(size));
      String pongWait = "ping-pong reply " + size + " B";
      String sendWait = "ping-pong send " + size + " B";
      CompletionQueue tx = endpoint.tx();
      CompletionQueue rx = endpoint.rx();
      long txBase = tx.completed();
      long rxBase = rx.completed();
      boolean inject = endpoint.injects(size);
      Deadline deadline = Deadline.after(plan.timeout());
      endpoint.postRecv(receive, 0, size, 0, deadline);
      SampleStats stats = new SampleStats();
      collectBeforeTiming();
      barrier.await("pingpong " + size);
      long timedNanos = 0;
      long stampErrors = 0;
      long contentErrors = 0;
      long warmupStart = System.nanoTime();
      CompilerWatch compilers = CompilerWatch.ofThisJvm();
      for (int i = 0; warmup < 0 || i < warmup + iterations; i++) {
        deadline.restart();
        if (warmup < 0 && i >= plan.latencyWarmup()) {
          long warm = System.nanoTime() - warmupStart;
          if (warm >= warmupNanos
              && (compilers.quietOverInterval(warmupStart + warm, JIT_QUIET_INTERVAL_NANOS)
                  || warm >= JIT_WAIT_FACTOR * warmupNanos)) {
            warmup = i;
            stats.reset(); // the warm-up's samples, recorded so that recording is compiled before timing
          }
        }
        PayloadPattern.stamp(send, 0, size, i == warmup ? -(i + 1) : i + 1);
        long start = System.nanoTime();
        if (inject) {
          endpoint.postInject(send, 0, size, peer, deadline);
        } else {
          endpoint.postSend(send, 0, size, peer, 0, deadline);
        }
        endpoint.awaitCompletions(rx, rxBase + i + 1, deadline, pongWait);
        long roundTrip = System.nanoTime() - start;
        rx.consume();
        // Warm-up round trips are recorded too, and forgotten when timing starts: recording first ran
        // at the first timed ping once, and C1's compiles of it (ten, 1.5 ms in all) fell inside the
        // 5 ms timed loop at 64 B, taking a CPU from one of the two pollers.
        stats.recordNanos(roundTrip / 2);
        if (warmup >= 0) {
          timedNanos += roundTrip;
        }
        if (!inject) {
          endpoint.awaitCompletions(tx, txBase + i + 1, deadline, sendWait);
          tx.discardPending();
        }
        if (!PayloadPattern.stamped(receive, 0, size, i + 1)) {
          stampErrors++;
        }
        if (!pattern.intact(receive, 0, size, pongCrc)) {
          contentErrors++;
        }
        if (warmup < 0 || i + 1 < warmup + iterations) {
          endpoint.postRecv(receive, 0, size, 0, deadline);
        }
      }
      int total = warmup + iterations;
      // The responder's counts for the pings, once it has checked the last one.
      Verification pings = VerdictMessage.receive(endpoint, control, VERDICT_SLOT, barrier,
          "pingpong " + size, rxBase + total + 1, deadline);
      Verification pongs = Verification.of(total, total, stampErrors, contentErrors);
      double seconds = timedNanos / 1e9;
      double megabytes = 2.0 * size * iterations / (1 << 20);
      return new LatencyPoint(size, iterations, warmup, stats.percentileMicros(50),
          stats.percentileMicros(99), stats.minMicros(), stats.noisePercent(),
          megabytes / seconds,
          Verification.combined("pings (checked by the responder)", pings, "pongs", pongs));
    } finally {
      endpoint.release(send);
      endpoint.release(receive);
      endpoint.release(control);
    }
  }

  /** Answers every ping; {@code tamper} (tests only) may change a ping before it is checked. */
  void respond(int size, PayloadTamper tamper) throws FabricException {
    int iterations = plan.latencyIterationsFor(size);
    int total = Integer.MAX_VALUE; // known from the first timed ping
    boolean reliable = endpoint.provider().endpointType().reliable();
    // A datagram endpoint drops a ping that finds no receive posted, so there the next receive goes
    // up before the pong, into a second slot while this ping is checked. A reliable endpoint queues
    // an early ping, so one slot does, posted again once the ping is checked; the responder then
    // touches as much memory as fi_pingpong's (a receive and a pong buffer). With two 1 MiB slots
    // the three buffers outgrew this host's 2 MiB L2 and shm at 1 MiB took 87 us against 52-61
    // with one (PERFORMANCE.md).
    int slots = reliable ? 1 : 2;
    RegisteredBuffer pings = endpoint.registerBuffer((long) slots * size, false);
    RegisteredBuffer pong = endpoint.registerBuffer(size, false);
    RegisteredBuffer control = endpoint.registerBuffer(CONTROL_BYTES, false);
    try {
      pattern.fill(pong, 0, size, pongSeed(size));
      long pingCrc = pattern.crc(size, pingSeed(size));
      String pingWait = "ping-pong receive " + size + " B";
      String pongWait = "ping-pong reply send " + size + " B";
      CompletionQueue tx = endpoint.tx();
      CompletionQueue rx = endpoint.rx();
      long txBase = tx.completed();
      long rxBase = rx.completed();
      boolean inject = endpoint.injects(size);
      Deadline deadline = Deadline.after(plan.timeout());
      endpoint.postRecv(pings, 0, size, 0, deadline);
      collectBeforeTiming();
      barrier.await("pingpong " + size);
      long stampErrors = 0;
      long contentErrors = 0;
      for (int i = 0; i < total; i++) {
        deadline.restart();
        endpoint.awaitCompletions(rx, rxBase + i + 1, deadline, pingWait);
        int slot = rx.pendingSlot();
        rx.consume();
        long pingAt = (long) slot * size;
        long expected = i + 1;
        if (PayloadPattern.leadingStamp(pings, pingAt) == -expected) {
          expected = -expected; // the first timed ping: the warm-up is over
          total = i + iterations;
        }
        PayloadPattern.stamp(pong, 0, size, i + 1);
        int nextSlot = (slot + 1) % slots;
        if (!reliable) {
          postNextReceive(pings, nextSlot, size, i, total, deadline);
        }
        if (inject) {
          endpoint.postInject(pong, 0, size, peer, deadline);
        } else {
          endpoint.postSend(pong, 0, size, peer, 0, deadline);
        }
        // The ping is checked once its pong has gone: over tcp the pong's data leaves from inside
        // this side's polls (ofi_rxm's rendezvous), so a check while it moves would hold it up.
        if (!inject) {
          endpoint.awaitCompletions(tx, txBase + i + 1, deadline, pongWait);
          tx.discardPending();
        }
        if (tamper != null) {
          tamper.tamper(pings.memory(), pingAt, size);
        }
        if (!PayloadPattern.stamped(pings, pingAt, size, expected)) {
          stampErrors++;
        }
        if (!pattern.intact(pings, pingAt, size, pingCrc)) {
          contentErrors++;
        }
        if (reliable) {
          postNextReceive(pings, nextSlot, size, i, total, deadline);
        }
      }
      VerdictMessage.write(control.memory(), total, total, stampErrors, contentErrors);
      VerdictMessage.send(endpoint, control, VERDICT_SLOT, peer, barrier, "pingpong " + size,
          txBase + (inject ? 0 : total) + 1, deadline);
    } finally {
      endpoint.release(pings);
      endpoint.release(pong);
      endpoint.release(control);
    }
  }

  /**
   * A collection now, before the timed loop, rather than one inside it: the loop allocates nothing,
   * but what the last phase left in the young generation (patterns, buffers, the control plane's
   * messages) fills it during the next size, and a young pause of 4-8 ms (measured with -Xlog:gc)
   * in a loop of 2,000 one-microsecond round trips doubles its mean. fi_pingpong, in C, has none.
   */
  private static void collectBeforeTiming() {
    System.gc();
  }

  /** Posts the receive for the ping after ping {@code i}, into {@code slot}, unless that was the last. */
  private void postNextReceive(RegisteredBuffer pings, int slot, int size, int i, int total,
      Deadline deadline) throws FabricException {
    if (i + 1 < total) {
      endpoint.postRecv(pings, (long) slot * size, size, slot, deadline);
    }
  }
}
