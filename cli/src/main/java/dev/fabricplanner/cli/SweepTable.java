package dev.fabricplanner.cli;

import dev.fabricplanner.core.record.SizeSample;
import dev.fabricplanner.probe.run.BackendOutcome;
import java.io.PrintWriter;
import java.util.Map;

/** Prints one backend's outcome: a status line, the settings it ran with, and its sweep as a table. */
final class SweepTable {
  private SweepTable() {}

  static void print(PrintWriter out, BackendOutcome outcome) {
    out.printf("%s: %s%s%n", outcome.key(), outcome.status().wire(), outcome.reason() == null ? "" : " (" + outcome.reason() + ")");
    if (outcome.measurement() == null) {
      return;
    }
    Map<String, String> settings = outcome.measurement().settings();
    if (!settings.isEmpty()) {
      StringBuilder line = new StringBuilder("  settings:");
      settings.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
      out.println(line);
    }
    out.printf(
        "  payloads verified: %s, warm-up %d%n", outcome.measurement().payloadVerified(),
        outcome.measurement().warmupIterations());
    out.printf("  %10s %12s %12s %14s %8s %8s%n", "size", "p50 us", "p99 us", "bandwidth", "noise %", "iters");
    for (SizeSample s : outcome.measurement().sweep()) {
      out.printf(
          "  %10s %12.2f %12.2f %14s %8.1f %8d%n",
          bytes(s.sizeBytes()), s.latencyP50Us(), s.latencyP99Us(), rate(s.bandwidthBytesPerSec()), s.noisePct(),
          s.iterations());
    }
  }

  static String bytes(long size) {
    if (size >= (1 << 20) && size % (1 << 20) == 0) {
      return (size >> 20) + " MiB";
    }
    if (size >= 1024 && size % 1024 == 0) {
      return (size >> 10) + " KiB";
    }
    return size + " B";
  }

  static String rate(double bytesPerSecond) {
    return bytesPerSecond >= 1e9
        ? String.format("%.2f GB/s", bytesPerSecond / 1e9)
        : String.format("%.1f MB/s", bytesPerSecond / 1e6);
  }
}
