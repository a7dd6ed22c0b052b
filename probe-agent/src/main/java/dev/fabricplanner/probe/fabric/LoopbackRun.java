package dev.fabricplanner.probe.fabric;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Both roles in one process (the embedded default of {@code probe-agent run}): two endpoints on the
 * same provider, their names exchanged in memory, the responder on its own thread.
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

  /** Measures one provider; SKIPPED with the reason when this host does not offer it. */
  public ProviderResult run(ProviderQuery query) {
    ProviderLookup lookup = new ProviderDiscovery(library).lookup(query);
    if (!lookup.isFound()) {
      return ProviderResult.skipped(null, lookup.skipReason());
    }
    try (FabricEndpoint initiatorEnd = FabricEndpoint.open(library, query, plan.rmaWrite());
        FabricEndpoint responderEnd = FabricEndpoint.open(library, query, plan.rmaWrite())) {
      long responderAddress = initiatorEnd.insertPeer(responderEnd.localName());
      long initiatorAddress = responderEnd.insertPeer(initiatorEnd.localName());
      CyclicBarrier meeting = new CyclicBarrier(2);
      PeerBarrier barrier = phase -> await(meeting, phase);
      AtomicReference<String> responderFailure = new AtomicReference<>();
      Thread responder = new Thread(() -> {
        try {
          new PayloadResponder(responderEnd, initiatorAddress, plan, barrier, tamper).run();
        } catch (FabricException | RuntimeException e) {
          responderFailure.set(e.getMessage());
          meeting.reset();
        }
      }, "fabric-responder-" + query.provider());
      responder.setDaemon(true);
      responder.start();
      ProviderResult result =
          new PayloadInitiator(initiatorEnd, responderAddress, plan, barrier).run();
      if (result.status() != ProviderResult.Status.PASSED) {
        meeting.reset();
      }
      responder.join(plan.timeoutMillis() * 2);
      if (responder.isAlive()) {
        // It is stuck in a poll loop bounded by its deadline; closing under it would be unsafe.
        responder.join();
      }
      if (responderFailure.get() != null && result.status() == ProviderResult.Status.PASSED) {
        return new ProviderResult(result.provider(), ProviderResult.Status.FAILED,
            "responder: " + responderFailure.get(), result.notes(), result.latency(),
            result.bandwidth(), result.batches(), result.rmaWrite());
      }
      return result;
    } catch (FabricException e) {
      return new ProviderResult(lookup.best(), ProviderResult.Status.FAILED, e.getMessage(),
          java.util.List.of(), java.util.List.of(), java.util.List.of(), java.util.List.of(),
          java.util.List.of());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ProviderResult.skipped(lookup.best(), "interrupted");
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
