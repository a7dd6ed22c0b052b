package dev.fabricplanner.probe.fabric;

import java.util.ArrayList;
import java.util.List;

/**
 * The plan as it applies to one endpoint: sizes capped at the provider's max_msg_size, batch sizes
 * capped at its queue depths, RMA only where granted; with a note for each change. Both roles
 * derive it the same way from the same provider, so they run the same phases.
 *
 * @param plan the plan after capping
 * @param batchSizes batch sizes the queues can hold
 * @param rmaWrite whether the RMA write phase runs
 * @param notes what was changed and why
 */
record SessionPhases(TestPlan plan, List<Integer> batchSizes, boolean rmaWrite,
    List<String> notes, boolean datagram) {

  /**
   * Most payload bytes a datagram window may hold: a bigger burst overflows the receiving socket's
   * buffer (net.core.rmem_default, about 208 KiB of packet memory here) and is dropped.
   */
  static final long DATAGRAM_WINDOW_BYTES = 64 << 10;

  /** The streaming window at this size: the plan's, capped for datagram endpoints. */
  int windowFor(int size) {
    int window = plan.windowFor(size);
    return datagram ? (int) Math.max(1, Math.min(window, DATAGRAM_WINDOW_BYTES / size)) : window;
  }

  static SessionPhases of(FabricEndpoint endpoint, TestPlan requested) {
    FabricProvider provider = endpoint.provider();
    List<String> notes = new ArrayList<>();
    TestPlan plan = requested;
    if (requested.sizes().stream().anyMatch(size -> size > provider.maxMessageBytes())) {
      plan = requested.capTo(provider.maxMessageBytes());
      notes.add("sizes above " + provider.maxMessageBytes() + " B skipped: the provider's "
          + "max_msg_size (ep_attr.max_msg_size)");
    }
    long depth = Math.min(provider.txDepth(), provider.rxDepth());
    long slots = Math.min(depth, FabricEndpoint.MAX_SLOTS - 1);
    List<Integer> batches = plan.batchSizes().stream().filter(batch -> batch <= slots).toList();
    if (batches.size() < plan.batchSizes().size()) {
      notes.add("batches above " + slots + " buffers skipped: the queue depth");
    }
    boolean datagram = provider.endpointType() == EndpointType.DGRAM;
    if (datagram) {
      long batchBytes = plan.batchMessageBytes();
      List<Integer> fitting = batches.stream()
          .filter(batch -> batch * batchBytes <= DATAGRAM_WINDOW_BYTES).toList();
      if (fitting.size() < batches.size()) {
        notes.add("datagram batches above " + DATAGRAM_WINDOW_BYTES / 1024 + " KiB in flight "
            + "skipped, and windows capped there: a larger burst overflows the socket buffer and "
            + "is dropped");
      }
      batches = fitting;
    }
    boolean rma = plan.rmaWrite() && endpoint.rmaEnabled();
    if (plan.rmaWrite() && !rma) {
      notes.add("RMA write not run: " + provider.provider() + " does not offer FI_RMA here");
    } else if (rma) {
      notes.add("RMA write is " + provider.rma().name().toLowerCase(java.util.Locale.ROOT)
          + " on " + provider.provider());
    }
    return new SessionPhases(plan, batches, rma, notes, datagram);
  }
}
