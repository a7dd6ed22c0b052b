package dev.fabricplanner.probe.fabric;

import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Both roles in one process (the embedded default of {@code probe-agent run}): two endpoints on the
 * same provider, the responder on its own thread. Connectionless endpoints swap their names in
 * memory; MSG ones connect, the responder listening and accepting, the initiator connecting.
 */
public final class LoopbackRun {
  private final Libfabric library;
  private final TestPlan plan;
  private final PayloadTamper tamper;

  public LoopbackRun(Libfabric library, TestPlan plan) {
    this(library, plan, null);
  }

  LoopbackRun(Libfabric library, TestPlan plan, PayloadTamper tamper) {
    this.library = library;
    this.plan = plan;
    this.tamper = tamper;
  }

  /** The initiator's part, on the calling thread. */
  private interface InitiatorPart {
    ProviderResult run(PeerBarrier barrier) throws FabricException;
  }

  /** The responder's part, on its own thread. */
  private interface ResponderPart {
    void run(PeerBarrier barrier) throws FabricException;
  }

  /** Measures one provider; SKIPPED with the reason when this host does not offer it. */
  public ProviderResult run(ProviderQuery query) {
    ProviderLookup lookup = new ProviderDiscovery(library).lookup(query);
    if (!lookup.isFound()) {
      return ProviderResult.skipped(null, lookup.skipReason());
    }
    try {
      return query.endpointType() == EndpointType.MSG
          ? runConnected(query) : runConnectionless(query);
    } catch (FabricException e) {
      return new ProviderResult(lookup.best(), ProviderResult.Status.FAILED, e.getMessage(),
          List.of(), List.of(), List.of(), List.of(), List.of());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ProviderResult.skipped(lookup.best(), "interrupted");
    }
  }

  private ProviderResult runConnectionless(ProviderQuery query)
      throws FabricException, InterruptedException {
    try (FabricEndpoint initiatorEnd = FabricEndpoint.open(library, query, plan.rmaWrite());
        FabricEndpoint responderEnd = FabricEndpoint.open(library, query, plan.rmaWrite())) {
      long responderAddress = initiatorEnd.insertPeer(responderEnd.localName());
      long initiatorAddress = responderEnd.insertPeer(initiatorEnd.localName());
      return runBoth(query,
          barrier -> new PayloadInitiator(initiatorEnd, responderAddress, plan, barrier).run(),
          barrier -> new PayloadResponder(responderEnd, initiatorAddress, plan, barrier, tamper)
              .run());
    }
  }

  /**
   * The responder listens and accepts on its thread while this one connects to the listener's
   * name. Both endpoints stay open until both sides are done, as in the connectionless run.
   */
  private ProviderResult runConnected(ProviderQuery query)
      throws FabricException, InterruptedException {
    AtomicReference<FabricEndpoint> connected = new AtomicReference<>();
    AtomicReference<FabricEndpoint> accepted = new AtomicReference<>();
    try (PassiveEndpoint listener = PassiveEndpoint.listen(library, query, plan.rmaWrite())) {
      byte[] listenerName = listener.name();
      try {
        return runBoth(query,
            barrier -> {
              connected.set(FabricEndpoint.connect(library, query, listenerName,
                  plan.rmaWrite(), plan.timeout()));
              return new PayloadInitiator(connected.get(), connected.get().connectedPeer(), plan,
                  barrier).run();
            },
            barrier -> {
              accepted.set(listener.accept(plan.timeout()));
              new PayloadResponder(accepted.get(), accepted.get().connectedPeer(), plan, barrier,
                  tamper).run();
            });
      } finally {
        for (AtomicReference<FabricEndpoint> end : List.of(connected, accepted)) {
          if (end.get() != null) {
            end.get().close();
          }
        }
      }
    }
  }

  private ProviderResult runBoth(ProviderQuery query, InitiatorPart initiator,
      ResponderPart responderPart) throws FabricException, InterruptedException {
    CyclicBarrier meeting = new CyclicBarrier(2);
    PeerBarrier barrier = phase -> await(meeting, phase);
    AtomicReference<String> responderFailure = new AtomicReference<>();
    Thread responder = new Thread(() -> {
      try {
        responderPart.run(barrier);
      } catch (FabricException | RuntimeException e) {
        responderFailure.set(e.getMessage());
        meeting.reset();
      }
    }, "fabric-responder-" + query.provider());
    responder.setDaemon(true);
    responder.start();
    ProviderResult result;
    try {
      result = initiator.run(barrier);
    } catch (FabricException | RuntimeException e) {
      meeting.reset();
      join(responder);
      if (responderFailure.get() != null) {
        throw new FabricException(e.getMessage() + "; responder: " + responderFailure.get());
      }
      throw e;
    }
    if (result.status() != ProviderResult.Status.PASSED) {
      meeting.reset();
    }
    join(responder);
    if (responderFailure.get() != null && result.status() == ProviderResult.Status.PASSED) {
      return new ProviderResult(result.provider(), ProviderResult.Status.FAILED,
          "responder: " + responderFailure.get(), result.notes(), result.latency(),
          result.bandwidth(), result.batches(), result.rmaWrite());
    }
    return result;
  }

  private void join(Thread responder) throws InterruptedException {
    responder.join(plan.timeoutMillis() * 2);
    if (responder.isAlive()) {
      // It is stuck in a poll loop bounded by its deadline; closing under it would be unsafe.
      responder.join();
    }
  }

  private void await(CyclicBarrier meeting, String phase) throws FabricException {
    try {
      meeting.await(plan.timeoutMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | BrokenBarrierException e) {
      throw new FabricException("peer did not reach phase '" + phase + "' (it failed or stopped)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FabricException("interrupted before phase '" + phase + "'");
    }
  }
}
