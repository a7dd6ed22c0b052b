package dev.fabricplanner.probe.cuda;

import java.util.List;

/**
 * The outcome of one copy test: measured (with a verified payload), skipped or failed, with a
 * reason.
 *
 * @param srcGpu source GPU ordinal, -1 for host memory or when no GPU applies
 * @param dstGpu destination GPU ordinal, -1 for host memory or when no GPU applies
 * @param reason why skipped or failed; null when ok
 * @param payloadVerified the destination held the source's bytes after the timed copies
 * @param samples ascending by size; empty unless ok
 */
public record CopyTestResult(
    CopyKind kind,
    int srcGpu,
    int dstGpu,
    Outcome outcome,
    String reason,
    int warmups,
    boolean payloadVerified,
    List<CopySample> samples) {

  /** What became of a test. */
  public enum Outcome {
    OK,
    SKIPPED,
    FAILED
  }

  public CopyTestResult {
    samples = List.copyOf(samples);
  }

  public static CopyTestResult ok(
      CopyKind kind, int src, int dst, int warmups, List<CopySample> samples) {
    return new CopyTestResult(kind, src, dst, Outcome.OK, null, warmups, true, samples);
  }

  public static CopyTestResult skipped(CopyKind kind, int src, int dst, String reason) {
    return new CopyTestResult(kind, src, dst, Outcome.SKIPPED, reason, 0, false, List.of());
  }

  public static CopyTestResult failed(CopyKind kind, int src, int dst, String reason) {
    return new CopyTestResult(kind, src, dst, Outcome.FAILED, reason, 0, false, List.of());
  }

  /** "PEER 0->1", "H2D host->3" style label. */
  public String label() {
    return kind + " " + end(srcGpu) + "->" + end(dstGpu);
  }

  private static String end(int gpu) {
    return gpu < 0 ? "host" : "gpu" + gpu;
  }
}
