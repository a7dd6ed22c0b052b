package dev.fabricplanner.probe.cuda;

import dev.fabricplanner.probe.control.ControlException;
import dev.fabricplanner.probe.control.ControlMessage;
import dev.fabricplanner.probe.control.ControlSession;
import dev.fabricplanner.probe.control.MessageType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The two-process CUDA IPC test over an authenticated control stream. The exporter sends one {@link
 * MessageType#IPC_OFFER} per buffer and keeps the buffers until the importer answers {@link
 * MessageType#IPC_DONE}; the importer maps each offer, copies and verifies, then answers. A refused
 * offer, an exporter that cannot export, or a control stream that dies ends the exchange with a reason
 * on both sides, and the exporter frees its buffers whichever way it ends.
 */
public final class IpcExchange {
  /** The test's key in TEST_START and TEST_FAILED messages. */
  public static final String KEY = "cuda-ipc";

  private IpcExchange() {}

  /**
   * The exporter's side: offers every buffer, waits up to {@code wait} for the importer to finish, and
   * frees the buffers in every case (done, refused, timed out or the stream gone).
   *
   * @return the importer's one line per copy test
   * @throws ControlException why the importer did not say done
   * @throws CudaException if freeing a buffer failed (every buffer is still tried)
   */
  public static List<String> lend(
      ControlSession control, List<? extends ExportedBuffer> buffers, Duration message, Duration wait)
      throws ControlException {
    try {
      List<ControlMessage> offers = new ArrayList<>();
      try {
        for (ExportedBuffer buffer : buffers) {
          offers.add(buffer.offer().toMessage(buffers.size()));
        }
        if (offers.isEmpty()) {
          throw new IllegalArgumentException("no buffer was exported");
        }
      } catch (IllegalArgumentException e) {
        decline(control, "cannot offer: " + e.getMessage(), message);
        throw new ControlException("cannot offer: " + e.getMessage());
      }
      for (ControlMessage offer : offers) {
        control.send(offer, message);
      }
      ControlMessage done = control.expect(MessageType.IPC_DONE, wait);
      List<String> lines = new ArrayList<>();
      done.body().path("results").forEach(line -> lines.add(line.asText()));
      return lines;
    } finally {
      freeAll(buffers);
    }
  }

  /** Frees every buffer, even after one fails to free; then throws the first failure. */
  private static void freeAll(List<? extends ExportedBuffer> buffers) {
    RuntimeException first = null;
    for (ExportedBuffer buffer : buffers) {
      try {
        buffer.close();
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** The exporter's side when it has nothing to lend: tells the importer why. */
  public static void decline(ControlSession control, String reason, Duration message)
      throws ControlException {
    ControlMessage failed = ControlMessage.of(MessageType.TEST_FAILED);
    failed.body().put("key", KEY).put("reason", reason);
    control.send(failed, message);
  }

  /**
   * The importer's side, first half: every offer the exporter sends. A malformed or oversized offer
   * is refused: the exporter is told why (and frees its buffers), and the reason is thrown.
   */
  public static List<IpcOffer> receiveOffers(ControlSession control, Duration wait)
      throws ControlException {
    List<IpcOffer> offers = new ArrayList<>();
    int count = 1;
    while (offers.size() < count) {
      ControlMessage message = control.expect(MessageType.IPC_OFFER, wait);
      try {
        offers.add(IpcOffer.fromMessage(message));
        count = IpcOffer.countOf(message);
      } catch (IllegalArgumentException e) {
        String reason = "refused " + e.getMessage();
        decline(control, reason, wait);
        throw new ControlException(reason);
      }
    }
    return offers;
  }

  /** The importer's side, second half: done with the buffers; the exporter may free them. */
  public static void done(ControlSession control, List<CopyTestResult> results, Duration message)
      throws ControlException {
    ControlMessage done = ControlMessage.of(MessageType.IPC_DONE);
    var lines = done.body().putArray("results");
    results.forEach(r -> lines.add(NvlinkProfile.summary(r)));
    control.send(done, message);
  }

  /**
   * The importer's side, whole: receives the offers, maps and copies each into every GPU that can reach
   * it, then says done. An exchange that breaks gives one failed IPC result with the reason.
   */
  public static List<CopyTestResult> borrow(
      ControlSession control, CudaProbe probe, CopySweep sweep, Duration wait) {
    List<IpcOffer> offers;
    try {
      offers = receiveOffers(control, wait);
    } catch (ControlException e) {
      return List.of(CopyTestResult.failed(CopyKind.IPC, -1, -1, "exporter: " + e.getMessage()));
    }
    List<CopyTestResult> results;
    try {
      results = probe.importAll(offers, sweep);
    } catch (CudaException e) { // reading the GPUs failed; the copies' own errors are results already
      results = List.of(CopyTestResult.failed(CopyKind.IPC, -1, -1, "importer: " + e.getMessage()));
    }
    try {
      done(control, results, wait);
    } catch (ControlException e) {
      // The copies are measured and verified; the exporter frees its buffers when the stream ends.
    }
    return results;
  }
}
