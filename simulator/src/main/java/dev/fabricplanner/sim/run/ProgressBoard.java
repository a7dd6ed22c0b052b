package dev.fabricplanner.sim.run;

import dev.fabricplanner.sim.ProgressListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints progress of parallel runs to stderr: simulated time, percent, events/s and ETA per strategy,
 * at most every two seconds and only once a run has gone on for a few seconds. Wall-clock figures live
 * here and in timing.json only.
 */
public final class ProgressBoard {
  private static final long QUIET_NANOS = 3_000_000_000L;
  private static final long INTERVAL_NANOS = 2_000_000_000L;

  private final PrintStream err;
  private final long startNanos = System.nanoTime();
  private long lastPrintNanos = startNanos;
  private final boolean enabled;

  public ProgressBoard(PrintStream err, boolean enabled) {
    this.err = err;
    this.enabled = enabled;
  }

  public ProgressListener listenerFor(String strategy) {
    if (!enabled) {
      return ProgressListener.NONE;
    }
    long runStart = System.nanoTime();
    return (simulatedSeconds, totalSeconds, events) ->
        report(strategy, runStart, simulatedSeconds, totalSeconds, events);
  }

  private synchronized void report(
      String strategy, long runStart, double simulated, double total, long events) {
    long now = System.nanoTime();
    if (now - startNanos < QUIET_NANOS || now - lastPrintNanos < INTERVAL_NANOS) {
      return;
    }
    lastPrintNanos = now;
    double wall = (now - runStart) / 1e9;
    double fraction = total > 0 ? Math.min(1, simulated / total) : 0;
    double eta = fraction > 0 ? wall * (1 - fraction) / fraction : Double.NaN;
    err.printf(Locale.ROOT, "  [%s] %.1f/%.1f s simulated (%.0f%%), %.2f M events/s, ETA %s%n",
        strategy, simulated, total, 100 * fraction, events / wall / 1e6, seconds(eta));
  }

  synchronized void finished(String strategy, long events, double wallSeconds) {
    if (enabled) {
      err.printf(Locale.ROOT, "  [%s] done: %,d events in %.1f s (%.2f M events/s)%n",
          strategy, events, wallSeconds, events / Math.max(wallSeconds, 1e-9) / 1e6);
    }
  }

  private static String seconds(double value) {
    return Double.isNaN(value) ? "?" : String.format(Locale.ROOT, "%.0f s", value);
  }
}
