package dev.fabricplanner.probe.fabric;

/**
 * The answering side of a payload session: answers and checks pings, receives streams and checks them,
 * offers its buffer to RMA writes, in the order {@link PayloadInitiator} runs them.
 */
public final class PayloadResponder {
  private final FabricEndpoint endpoint;
  private final long peer;
  private final TestPlan plan;
  private final PeerBarrier barrier;
  private final PayloadTamper tamper;

  /**
   * @param endpoint this side's endpoint
   * @param peer the initiator's address, from {@link FabricEndpoint#insertPeer(byte[])}
   * @param plan the plan both sides agreed on
   * @param barrier where the two sides meet before each phase
   */
  public PayloadResponder(FabricEndpoint endpoint, long peer, TestPlan plan, PeerBarrier barrier) {
    this(endpoint, peer, plan, barrier, null);
  }

  PayloadResponder(FabricEndpoint endpoint, long peer, TestPlan plan, PeerBarrier barrier,
      PayloadTamper tamper) {
    this.endpoint = endpoint;
    this.peer = peer;
    this.plan = plan;
    this.barrier = barrier;
    this.tamper = tamper;
  }

  /**
   * Serves every phase of the plan.
   *
   * @throws FabricException when the initiator vanishes or a call fails; the initiator's result
   *     carries the measurements
   */
  public void run() throws FabricException {
    SessionPhases phases = SessionPhases.of(endpoint, plan);
    TestPlan effective = phases.plan();
    PingPongTest pingPong = new PingPongTest(endpoint, peer, barrier, effective);
    StreamTest stream = new StreamTest(endpoint, peer, barrier, effective);
    RmaWriteTest rmaWrite = new RmaWriteTest(endpoint, peer, barrier, effective);
    for (int size : effective.sizes()) {
      pingPong.respond(size, tamper);
    }
    for (int size : effective.sizes()) {
      stream.respond("bandwidth " + size, size, phases.windowFor(size),
          effective.bandwidthRoundsFor(size), effective.bandwidthWarmup());
    }
    int batchBytes = effective.batchMessageBytes();
    for (int batch : phases.batchSizes()) {
      stream.respond("batch " + batch, batchBytes, batch,
          effective.bandwidthRoundsFor(batchBytes), effective.bandwidthWarmup());
    }
    if (phases.rmaWrite()) {
      for (int size : effective.sizes()) {
        rmaWrite.respond(size);
      }
    }
  }
}
