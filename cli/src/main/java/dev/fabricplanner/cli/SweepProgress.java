package dev.fabricplanner.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A sweep's progress on stderr: a bar, runs done, failed and skipped, elapsed time and an ETA from the
 * mean time of the runs finished so far. Prints at most every two seconds, and always the last line.
 */
final class SweepProgress {
  private static final long INTERVAL_NANOS = 2_000_000_000L;
  private static final int WIDTH = 30;

  private final PrintWriter err;
  private final int total;
  private final boolean enabled;
  private final long start = System.nanoTime();
  private long lastPrint;
  private int printedFinished = -1;
  private int done;
  private int failed;
  private int skipped;

  SweepProgress(PrintWriter err, int total, boolean enabled) {
    this.err = err;
    this.total = total;
    this.enabled = enabled;
  }

  synchronized void finished(SweepTask.Outcome outcome) {
    switch (outcome) {
      case DONE -> done++;
      case FAILED -> failed++;
      case SKIPPED -> skipped++;
    }
    print(false);
  }

  /** Sets the counts from outside (a Slurm array reports through its output folder). */
  synchronized void observed(int doneNow, int failedNow) {
    done = doneNow;
    failed = failedNow;
    print(false);
  }

  synchronized void last() {
    print(true);
  }

  int done() {
    return done;
  }

  int failed() {
    return failed;
  }

  int skipped() {
    return skipped;
  }

  private void print(boolean force) {
    long now = System.nanoTime();
    int finished = done + failed + skipped;
    boolean due = now - lastPrint >= INTERVAL_NANOS || finished == total || force;
    if (!enabled || !due || finished == printedFinished) {
      return;
    }
    lastPrint = now;
    printedFinished = finished;
    int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * finished / total);
    double elapsed = (now - start) / 1e9;
    int ran = done + failed;
    int left = total - finished;
    String eta = ran == 0 ? "?" : String.format(Locale.ROOT, "%.0f s", elapsed / ran * left);
    err.printf(Locale.ROOT, "[%s%s] %d/%d runs (%d done, %d failed, %d already complete), %.0f s elapsed, ETA %s%n",
        "#".repeat(filled), ".".repeat(WIDTH - filled), finished, total, done, failed, skipped, elapsed,
        left == 0 ? "0 s" : eta);
    err.flush();
  }
}
