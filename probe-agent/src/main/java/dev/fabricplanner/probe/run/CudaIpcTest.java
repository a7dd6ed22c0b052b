package dev.fabricplanner.probe.run;

import dev.fabricplanner.probe.control.ControlException;
import dev.fabricplanner.probe.control.ControlMessage;
import dev.fabricplanner.probe.control.ControlSession;
import dev.fabricplanner.probe.control.MessageType;
import dev.fabricplanner.probe.cuda.CopyKind;
import dev.fabricplanner.probe.cuda.CopySweep;
import dev.fabricplanner.probe.cuda.CopyTestResult;
import dev.fabricplanner.probe.cuda.CudaException;
import dev.fabricplanner.probe.cuda.CudaProbe;
import dev.fabricplanner.probe.cuda.IpcExchange;
import dev.fabricplanner.probe.cuda.IpcExport;
import java.util.ArrayList;
import java.util.List;

/**
 * The CUDA IPC test of a serve/join session, run after the backends while the control stream is open:
 * the joining side asks (TEST_START {@value IpcExchange#KEY}), the serving side exports one buffer per
 * GPU and offers them over the control stream, the joining side imports, copies, verifies and answers
 * done (see {@link IpcExchange}). It runs only when both agents are on one host and both take part.
 */
public final class CudaIpcTest {
  /** The skip reason when the agents are on different hosts. */
  public static final String CROSS_HOST = "CUDA IPC needs both agents on one host";

  private final CopySweep sweep;
  private final List<CopyTestResult> results = new ArrayList<>();
  private final List<String> lines = new ArrayList<>();
  private boolean ran; // this side asked for, or answered, the exchange

  /** @param sweep the copy sizes; its largest is the size of each exported buffer */
  public CudaIpcTest(CopySweep sweep) {
    this.sweep = sweep;
  }

  /** Whether this host can take part: libcudart opens and shows a GPU. */
  public static boolean gpuVisible() {
    CudaProbe.Opening opening = CudaProbe.open();
    if (opening instanceof CudaProbe.Available available) {
      available.probe().close();
      return true;
    }
    return false;
  }

  /** Why the test cannot run between these two agents, or null when it can. */
  static String skipReason(HostOffer local, HostOffer peer) {
    if (!local.cudaIpc()) {
      return "this agent does not take part in CUDA IPC (no nvlink profile, or no GPU visible)";
    }
    if (!peer.cudaIpc()) {
      return "the peer does not take part in CUDA IPC (no nvlink profile, or no GPU visible there)";
    }
    if (!local.sameHostAs(peer)) {
      return CROSS_HOST
          + " (this agent: "
          + local.hostname()
          + ", boot "
          + local.bootId()
          + "; the peer: "
          + peer.hostname()
          + ", boot "
          + peer.bootId()
          + ")";
    }
    return null;
  }

  /**
   * The joining side: asks the peer to export, then imports and copies every buffer.
   *
   * @throws ControlException if the request could not be sent (the peer is gone)
   */
  void importFrom(ControlSession control, HostOffer local, HostOffer peer, SessionTimeouts timeouts)
      throws ControlException {
    String why = skipReason(local, peer);
    if (why != null) {
      record(CopyTestResult.skipped(CopyKind.IPC, -1, -1, why));
      return;
    }
    CudaProbe.Opening opening = CudaProbe.open();
    if (opening instanceof CudaProbe.Skipped skipped) {
      record(CopyTestResult.skipped(CopyKind.IPC, -1, -1, skipped.reason()));
      return;
    }
    ran = true;
    try (CudaProbe probe = ((CudaProbe.Available) opening).probe()) {
      ControlMessage start = ControlMessage.of(MessageType.TEST_START);
      start.body().put("key", IpcExchange.KEY);
      control.send(start, timeouts.message());
      IpcExchange.borrow(control, probe, sweep, timeouts.test()).forEach(this::record);
    }
  }

  /**
   * The serving side: exports and lends every GPU's buffer until the peer is done; records a skip or
   * failure with its reason, never the peer's figures (the importing side measures).
   */
  void exportTo(ControlSession control, HostOffer local, HostOffer peer, SessionTimeouts timeouts) {
    ran = true;
    String why = skipReason(local, peer);
    try {
      if (why != null) {
        IpcExchange.decline(control, why, timeouts.message());
        record(CopyTestResult.skipped(CopyKind.IPC, -1, -1, why));
        return;
      }
      CudaProbe.Opening opening = CudaProbe.open();
      if (opening instanceof CudaProbe.Skipped skipped) {
        IpcExchange.decline(control, skipped.reason(), timeouts.message());
        record(CopyTestResult.skipped(CopyKind.IPC, -1, -1, skipped.reason()));
        return;
      }
      try (CudaProbe probe = ((CudaProbe.Available) opening).probe()) {
        List<IpcExport> exports;
        try {
          exports = probe.exportAll(sweep.largest());
        } catch (CudaException e) {
          IpcExchange.decline(control, "export failed: " + e.getMessage(), timeouts.message());
          record(CopyTestResult.failed(CopyKind.IPC, -1, -1, "export failed: " + e.getMessage()));
          return;
        }
        for (String line : IpcExchange.lend(control, exports, timeouts.message(), timeouts.test())) {
          lines.add("peer imported " + line);
        }
      }
    } catch (ControlException e) {
      record(CopyTestResult.failed(CopyKind.IPC, -1, -1, "importer: " + e.getMessage()));
    } catch (CudaException e) {
      record(CopyTestResult.failed(CopyKind.IPC, -1, -1, "freeing the exported buffers: " + e.getMessage()));
    }
  }

  /** The test did not run, for this reason (the peer knew not to ask). */
  void skipped(String reason) {
    record(CopyTestResult.skipped(CopyKind.IPC, -1, -1, reason));
  }

  /** The test did not run because the session ended first. */
  void notRun(String reason) {
    record(CopyTestResult.failed(CopyKind.IPC, -1, -1, "not run: " + reason));
  }

  /** Whether this side has taken part or recorded why not. */
  boolean settled() {
    return ran || !results.isEmpty();
  }

  private void record(CopyTestResult result) {
    results.add(result);
    lines.add(result.label() + ": " + result.outcome() + (result.reason() == null ? "" : " (" + result.reason() + ")"));
  }

  /** This side's IPC results (the importer's measurements, or a skip or failure with its reason). */
  public List<CopyTestResult> results() {
    return List.copyOf(results);
  }

  /** What to print: one line per result, and on the exporting side what the importer reported. */
  public List<String> lines() {
    return List.copyOf(lines);
  }
}
