package dev.fabricplanner.probe.fabric;

import java.util.List;
import java.util.Locale;

/** Renders a provider's results as the Markdown tables of docs/PROBE-LIBFABRIC.md. */
public final class SweepTables {
  private SweepTables() {}

  public static String render(ProviderResult result) {
    StringBuilder out = new StringBuilder();
    String name = result.provider() == null ? "(skipped)" : result.provider().provider() + " "
        + result.provider().endpointType().cliName() + " on " + result.provider().domain();
    out.append("### ").append(name).append(" — ").append(result.status());
    if (result.reason() != null) {
      out.append(": ").append(result.reason());
    }
    out.append("\n\n");
    for (String note : result.notes()) {
      out.append("- ").append(note).append('\n');
    }
    if (!result.notes().isEmpty()) {
      out.append('\n');
    }
    if (!result.latency().isEmpty()) {
      out.append("| size | one-way p50 µs | p99 µs | min µs | noise % | ping-pong MiB/s | "
          + "iterations (+warm-up) | verified |\n|---:|---:|---:|---:|---:|---:|---:|---|\n");
      for (LatencyPoint p : result.latency()) {
        out.append(String.format(Locale.ROOT,
            "| %s | %.2f | %.2f | %.2f | %.0f | %.1f | %d (+%d) | %s |%n",
            size(p.bytes()), p.p50Micros(), p.p99Micros(), p.minMicros(), p.noisePercent(),
            p.pingPongMegabytesPerSecond(), p.iterations(), p.warmup(),
            verified(p.verification())));
      }
      out.append('\n');
    }
    throughput(out, "Windowed bandwidth (send/recv)", result.bandwidth());
    throughput(out, "Batches (one batch per round: FI_MORE on every send but the last)", result.batches());
    throughput(out, "RMA write", result.rmaWrite());
    return out.toString();
  }

  private static void throughput(StringBuilder out, String title, List<ThroughputPoint> points) {
    if (points.isEmpty()) {
      return;
    }
    out.append(title).append(":\n\n| size | window | GB/s (median round) | GB/s (elapsed) | "
        + "round p50 µs | round p99 µs | noise % | rounds (+warm-up) | verified |\n"
        + "|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (ThroughputPoint p : points) {
      out.append(String.format(Locale.ROOT,
          "| %s | %d | %.3f | %.3f | %.1f | %.1f | %.0f | %d (+%d) | %s |%n",
          size(p.bytes()), p.window(), p.medianRoundGigabytesPerSecond(), p.gigabytesPerSecond(),
          p.roundP50Micros(),
          p.roundP99Micros(), p.noisePercent(), p.rounds(), p.warmup(),
          verified(p.verification())));
    }
    out.append('\n');
  }

  private static String verified(Verification verification) {
    return verification.verified() ? "yes" : verification.status().name().toLowerCase(Locale.ROOT)
        + (verification.detail() == null ? "" : " (" + verification.detail() + ")");
  }

  static String size(long bytes) {
    if (bytes >= (1 << 20) && bytes % (1 << 20) == 0) {
      return (bytes >> 20) + " MiB";
    }
    if (bytes >= 1024 && bytes % 1024 == 0) {
      return (bytes >> 10) + " KiB";
    }
    return bytes + " B";
  }
}
