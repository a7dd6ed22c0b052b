package dev.fabricplanner.strategy.observed;

import org.HdrHistogram.Histogram;

/**
 * A quantile of recently observed latencies: completions go into an HdrHistogram (3 significant
 * digits, 0.01 ms resolution) that is replaced every {@code window} completions, and the quantile is
 * read from the last full window, so it follows the load rather than the whole run.
 */
public final class LatencyQuantile {
  private static final double UNITS_PER_MS = 100;
  private static final long MAX_UNITS = (long) (3_600_000 * UNITS_PER_MS);

  private final int window;
  private Histogram filling = new Histogram(MAX_UNITS, 3);
  private Histogram full;
  private Histogram spare;
  private double cachedQuantile = Double.NaN;
  private double cachedMs = Double.NaN;

  public LatencyQuantile(int window) {
    this.window = window;
  }

  public void observe(double latencyMs) {
    long units = Math.max(1, Math.min(MAX_UNITS, Math.round(latencyMs * UNITS_PER_MS)));
    filling.recordValue(units);
    if (filling.getTotalCount() >= window) {
      // Swap rather than allocate: a histogram is a few hundred KB.
      Histogram done = filling;
      filling = spare != null ? spare : new Histogram(MAX_UNITS, 3);
      filling.reset();
      spare = full;
      full = done;
      cachedQuantile = Double.NaN;
    }
  }

  /** True once a full window has been observed. */
  public boolean ready() {
    return full != null;
  }

  /** The quantile (0..1) of the last full window in ms; NaN before the first window fills. */
  public double quantileMs(double quantile) {
    if (full == null) {
      return Double.NaN;
    }
    // Reading a quantile walks the histogram's buckets: do it once per window, not per decision.
    if (quantile != cachedQuantile) {
      cachedQuantile = quantile;
      cachedMs = full.getValueAtPercentile(quantile * 100) / UNITS_PER_MS;
    }
    return cachedMs;
  }
}
