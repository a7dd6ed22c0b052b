package dev.fabricplanner.probe.fabric;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.util.concurrent.locks.LockSupport;

/**
 * An fi_eq on a fabric: where connection requests, established connections and shutdowns of
 * FI_EP_MSG endpoints are reported. It has no wait object; {@link #await} polls fi_eq_read (which
 * also drives the provider's connection progress) until the event comes or a deadline passes. One
 * thread reads it at a time. Its owner closes {@link #fid()} after every endpoint bound to it.
 */
final class EventQueue {
  /** Connection set-up is not a hot path: a short pause between polls spares the other core. */
  private static final long POLL_PAUSE_NANOS = 20_000;

  /**
   * One connection-management event.
   *
   * @param kind FI_CONNREQ, FI_CONNECTED or FI_SHUTDOWN
   * @param fid the endpoint (or, for a request, the passive endpoint) it concerns
   * @param info for FI_CONNREQ the fi_info to open the accepting endpoint with, which the receiver
   *     must free; else null
   */
  record Event(int kind, Pointer fid, Pointer info) {}

  private final Libfabric library;
  private final Pointer eq;
  private final Function read;
  private final Function readerr;
  private final Memory kind = new Memory(4);
  private final Memory entry = new Memory(FiAbi.EQ_CM_ENTRY_BYTES);

  private EventQueue(Libfabric library, Pointer eq) {
    this.library = library;
    this.eq = eq;
    this.read = NativeOps.op(eq, FiAbi.EQ_OPS, FiAbi.EQ_OPS_READ, "fi_eq_read");
    this.readerr = NativeOps.op(eq, FiAbi.EQ_OPS, FiAbi.EQ_OPS_READERR, "fi_eq_readerr");
  }

  /** fi_eq_open on the fabric, without a wait object. */
  static EventQueue open(Libfabric library, Pointer fabric) throws FabricException {
    Memory attr = new Memory(FiAbi.EQ_ATTR_BYTES);
    attr.clear();
    attr.setLong(FiAbi.EQ_ATTR_SIZE, 16);
    attr.setInt(FiAbi.EQ_ATTR_WAIT_OBJ, FiAbi.FI_WAIT_NONE);
    PointerByReference out = new PointerByReference();
    int rc = NativeOps.op(fabric, FiAbi.FABRIC_OPS, FiAbi.FABRIC_OPS_EQ_OPEN, "fi_eq_open")
        .invokeInt(new Object[] {fabric, attr, out, null});
    library.keepJvmSignalHandlers();
    if (rc != 0) {
      throw FabricException.call(library, "fi_eq_open", rc);
    }
    return new EventQueue(library, out.getValue());
  }

  Pointer fid() {
    return eq;
  }

  /**
   * Waits for an event of the wanted kind. A connection request that comes meanwhile is dropped
   * (its info freed); a shutdown, or an error entry (a refused or reset connection), fails the
   * wait with its reason.
   *
   * @param wanted FI_CONNREQ or FI_CONNECTED
   * @param what what is being waited for, for the messages ("fi_connect to 127.0.0.1:4242")
   */
  Event await(int wanted, Deadline deadline, String what) throws FabricException {
    while (true) {
      long rc = read.invokeLong(new Object[] {eq, kind, entry, (long) FiAbi.EQ_CM_ENTRY_BYTES, 0L});
      if (rc == -FiAbi.FI_EAGAIN) {
        if (deadline.passed()) {
          throw new FabricException(what + ": no " + name(wanted) + " event within "
              + deadline.budget().toMillis() + " ms (the peer did not answer)");
        }
        LockSupport.parkNanos(POLL_PAUSE_NANOS);
        continue;
      }
      library.keepJvmSignalHandlers();
      if (rc == -FiAbi.FI_EAVAIL) {
        throw errorEntry(what);
      }
      if (rc < 0) {
        throw FabricException.call(library, what + ": fi_eq_read", rc);
      }
      Event event = new Event(kind.getInt(0), entry.getPointer(FiAbi.EQ_CM_FID),
          entry.getPointer(FiAbi.EQ_CM_INFO));
      if (event.kind() == wanted) {
        return event;
      }
      if (event.kind() == FiAbi.FI_CONNREQ) {
        InfoRequest.free(library, event.info()); // a second peer; this probe serves one
        continue;
      }
      if (event.kind() == FiAbi.FI_SHUTDOWN) {
        throw new FabricException(what + ": the peer shut the connection down before "
            + name(wanted));
      }
    }
  }

  private FabricException errorEntry(String what) {
    Memory error = new Memory(FiAbi.EQ_ERR_ENTRY_BYTES);
    error.clear();
    long rc = readerr.invokeLong(new Object[] {eq, error, 0L});
    library.keepJvmSignalHandlers();
    if (rc < 0) {
      return FabricException.call(library, what + ": fi_eq_readerr", rc);
    }
    int err = error.getInt(FiAbi.EQ_ERR_ERR);
    String cause = err == FiAbi.FI_ECONNREFUSED
        ? " (nothing listens there any more, or the listener rejected the request)" : "";
    int providerErrno = error.getInt(FiAbi.EQ_ERR_PROV_ERRNO);
    return new FabricException(what + " failed: " + library.describeError(err) + cause
        + (providerErrno == 0 ? "" : ", provider errno " + providerErrno));
  }

  private static String name(int kind) {
    return switch (kind) {
      case FiAbi.FI_CONNREQ -> "FI_CONNREQ";
      case FiAbi.FI_CONNECTED -> "FI_CONNECTED";
      case FiAbi.FI_SHUTDOWN -> "FI_SHUTDOWN";
      default -> "event " + kind;
    };
  }
}
