package dev.fabricplanner.probe.fabric;

import java.util.ArrayList;
import java.util.List;

/**
 * The measuring side of a payload session: runs every phase of the plan against a
 * {@link PayloadResponder} on the peer endpoint and returns what it measured. Both sides must be
 * given the same plan, endpoint type and provider; they meet at the {@link PeerBarrier} before each
 * phase.
 */
public final class PayloadInitiator {
  private final FabricEndpoint endpoint;
  private final long peer;
  private final TestPlan plan;
  private final PeerBarrier barrier;

  /**
   * @param endpoint this side's endpoint
   * @param peer the responder's address, from {@link FabricEndpoint#insertPeer(byte[])}
   * @param plan the plan both sides agreed on
   * @param barrier where the two sides meet before each phase
   */
  public PayloadInitiator(FabricEndpoint endpoint, long peer, TestPlan plan, PeerBarrier barrier) {
    this.endpoint = endpoint;
    this.peer = peer;
    this.plan = plan;
    this.barrier = barrier;
  }

  /** Runs the plan; a failure ends the run with the points measured so far and the reason. */
  public ProviderResult run() {
    SessionPhases phases = SessionPhases.of(endpoint, plan);
    List<LatencyPoint> latency = new ArrayList<>();
    List<ThroughputPoint> bandwidth = new ArrayList<>();
    List<ThroughputPoint> batches = new ArrayList<>();
    List<ThroughputPoint> rma = new ArrayList<>();
    TestPlan effective = phases.plan();
    PingPongTest pingPong = new PingPongTest(endpoint, peer, barrier, effective);
    StreamTest stream = new StreamTest(endpoint, peer, barrier, effective);
    RmaWriteTest rmaWrite = new RmaWriteTest(endpoint, peer, barrier, effective);
    String failure = null;
    try {
      for (int size : effective.sizes()) {
        latency.add(pingPong.initiate(size));
      }
      for (int size : effective.sizes()) {
        bandwidth.add(stream.initiate("bandwidth " + size, size, phases.windowFor(size),
            effective.bandwidthRoundsFor(size), effective.bandwidthWarmup(), false));
      }
      int batchBytes = effective.batchMessageBytes();
      for (int batch : phases.batchSizes()) {
        batches.add(stream.initiate("batch " + batch, batchBytes, batch,
            effective.bandwidthRoundsFor(batchBytes), effective.bandwidthWarmup(), true));
      }
      if (phases.rmaWrite()) {
        for (int size : effective.sizes()) {
          rma.add(rmaWrite.initiate(size));
        }
      }
    } catch (FabricException | RuntimeException e) {
      failure = e.getMessage();
    }
    if (failure == null) {
      failure = firstUnverified(latency, bandwidth, batches, rma);
    }
    ProviderResult.Status status =
        failure == null ? ProviderResult.Status.PASSED : ProviderResult.Status.FAILED;
    return new ProviderResult(endpoint.provider(), status, failure, phases.notes(), latency,
        bandwidth, batches, rma);
  }

  private static String firstUnverified(List<LatencyPoint> latency,
      List<ThroughputPoint> bandwidth, List<ThroughputPoint> batches, List<ThroughputPoint> rma) {
    for (LatencyPoint point : latency) {
      if (!point.verification().verified()) {
        return "ping-pong " + point.bytes() + " B payload not verified: "
            + point.verification().detail();
      }
    }
    for (List<ThroughputPoint> points : List.of(bandwidth, batches, rma)) {
      for (ThroughputPoint point : points) {
        if (!point.verification().verified()) {
          return "stream " + point.bytes() + " B x " + point.window()
              + " payload not verified: " + point.verification().detail();
        }
      }
    }
    return null;
  }
}
