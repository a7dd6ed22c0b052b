package dev.fabricplanner.sim.metrics;

import dev.fabricplanner.sim.result.LatencySummary;
import org.HdrHistogram.Histogram;

/**
 * One latency distribution: an HdrHistogram in microseconds (3 significant digits) for percentiles and
 * CDFs, and an exact sum for the mean, which the queueing-theory tests compare with theory.
 */
public final class LatencyRecorder {
  private final Histogram histogram = new Histogram(3);
  private double sumMs;

  public void record(double ms) {
    double clamped = ms < 0 ? 0 : ms;
    sumMs += clamped;
    histogram.recordValue(Math.round(clamped * 1000));
  }

  /** {@code count} observations of the same value (one step's decoding requests). */
  public void record(double ms, long count) {
    double clamped = ms < 0 ? 0 : ms;
    sumMs += clamped * count;
    histogram.recordValueWithCount(Math.round(clamped * 1000), count);
  }

  public long count() {
    return histogram.getTotalCount();
  }

  public LatencySummary summary() {
    long count = histogram.getTotalCount();
    if (count == 0) {
      return new LatencySummary(0, 0, 0, 0, 0, 0, 0);
    }
    return new LatencySummary(
        count,
        sumMs / count,
        histogram.getValueAtPercentile(50) / 1000.0,
        histogram.getValueAtPercentile(95) / 1000.0,
        histogram.getValueAtPercentile(99) / 1000.0,
        histogram.getValueAtPercentile(99.9) / 1000.0,
        histogram.getMaxValue() / 1000.0);
  }

  /** A copy of the histogram (microseconds), so the result owns its data. */
  public Histogram histogramCopy() {
    return histogram.copy();
  }
}
