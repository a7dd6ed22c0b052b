package dev.fabricplanner.probe.fabric;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The responder's listener for MSG endpoints: a fabric, an event queue and a passive endpoint
 * (fi_passive_ep, fi_pep_bind to the queue, fi_listen). Its {@link #name()} goes to the initiator
 * over the control plane in place of an endpoint name; the initiator
 * {@link FabricEndpoint#connect}s to it and {@link #accept} turns the request into a connected
 * {@link FabricEndpoint}. That endpoint lives on this listener's fabric and queue: close it first.
 */
public final class PassiveEndpoint implements AutoCloseable {
  private final Libfabric library;
  private final FabricProvider provider;
  private final Deque<Pointer> openedFids = new ArrayDeque<>();
  private Pointer info;
  private Pointer fabric;
  private EventQueue events;
  private Pointer pep;
  private boolean closed;

  private PassiveEndpoint(Libfabric library, Pointer info) {
    this.library = library;
    this.info = info;
    this.provider = InfoRequest.describe(info, false);
  }

  /**
   * Listens on the first MSG provider matching the query (its src node, or the provider's
   * interface address, on a port the system picks). With {@code wantRma} accepted endpoints ask
   * for FI_RMA too, as {@link FabricEndpoint#open} does.
   */
  public static PassiveEndpoint listen(Libfabric library, ProviderQuery query, boolean wantRma)
      throws FabricException {
    if (query.endpointType() != EndpointType.MSG) {
      throw new IllegalArgumentException("only msg endpoints listen, not " + query);
    }
    EndpointInfo chosen = EndpointInfo.choose(library, query, wantRma);
    PassiveEndpoint listener = new PassiveEndpoint(library, chosen.info());
    try {
      listener.openObjects();
    } catch (FabricException | RuntimeException e) {
      listener.close();
      throw e;
    } finally {
      library.keepJvmSignalHandlers();
    }
    return listener;
  }

  private void openObjects() throws FabricException {
    PointerByReference out = new PointerByReference();
    check("fi_fabric", library.fabric.invokeInt(new Object[] {
        info.getPointer(FiAbi.INFO_FABRIC_ATTR), out, null}));
    fabric = remember(out.getValue());
    events = EventQueue.open(library, fabric);
    remember(events.fid());
    check("fi_passive_ep", NativeOps.op(fabric, FiAbi.FABRIC_OPS, FiAbi.FABRIC_OPS_PASSIVE_EP,
        "fi_passive_ep").invokeInt(new Object[] {fabric, info, out, null}));
    pep = remember(out.getValue());
    check("fi_pep_bind(eq)", NativeOps.bind(pep, events.fid(), 0));
    check("fi_listen", NativeOps.op(pep, FiAbi.PEP_CM_OPS, FiAbi.CM_OPS_LISTEN, "fi_listen")
        .invokeInt(new Object[] {pep}));
  }

  /** What the listener runs on, as fi_getinfo described it. */
  public FabricProvider provider() {
    return provider;
  }

  /** The address it listens on (fi_getname): what the initiator connects to. */
  public byte[] name() throws FabricException {
    return NativeOps.name(library, pep, FiAbi.PEP_CM_OPS, provider.provider());
  }

  /**
   * Waits for a connection request (FI_CONNREQ), opens an endpoint from it, accepts it and waits
   * for FI_CONNECTED, all within the timeout.
   */
  public FabricEndpoint accept(Duration timeout) throws FabricException {
    Deadline deadline = Deadline.after(timeout);
    EventQueue.Event request = events.await(FiAbi.FI_CONNREQ, deadline,
        "waiting for a connection on " + NativeOps.describeName(name()));
    return FabricEndpoint.accept(library, fabric, events, request.info(), deadline);
  }

  /** Waits for a connection request and turns it away (fi_reject), as a busy responder would. */
  void reject(Duration timeout) throws FabricException {
    EventQueue.Event request = events.await(FiAbi.FI_CONNREQ, Deadline.after(timeout),
        "waiting for a connection on " + NativeOps.describeName(name()));
    try {
      Pointer handle = request.info().getPointer(FiAbi.INFO_HANDLE);
      check("fi_reject", NativeOps.op(pep, FiAbi.PEP_CM_OPS, FiAbi.CM_OPS_REJECT, "fi_reject")
          .invokeInt(new Object[] {pep, handle, null, 0L}));
    } finally {
      InfoRequest.free(library, request.info());
      library.keepJvmSignalHandlers();
    }
  }

  private Pointer remember(Pointer fid) {
    openedFids.push(fid);
    return fid;
  }

  private void check(String call, int rc) throws FabricException {
    if (rc < 0) {
      throw FabricException.call(library, call + " on " + provider.provider(), rc);
    }
  }

  /** Closes the passive endpoint, event queue and fabric; accepted endpoints must be closed. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<String> failures = new ArrayList<>();
    while (!openedFids.isEmpty()) {
      int rc = NativeOps.close(openedFids.pop());
      if (rc != 0) {
        failures.add("fi_close: " + library.describeError(rc));
      }
    }
    InfoRequest.free(library, info);
    info = null;
    library.keepJvmSignalHandlers();
    if (!failures.isEmpty()) {
      throw new IllegalStateException("closing the " + provider.provider() + " listener: "
          + failures);
    }
  }
}
