package dev.fabricplanner.probe.fabric;

import org.HdrHistogram.Histogram;

/**
 * Nanosecond samples in an HdrHistogram, read back in microseconds. The histogram is sized for a
 * minute up front: an auto-resizing one allocates when a sample first exceeds its range, inside the
 * timed loop, and allocation there is what brings a collection into a timed window.
 */
final class SampleStats {
  private static final long HIGHEST_NANOS = 60_000_000_000L;

  private final Histogram histogram = new Histogram(1, HIGHEST_NANOS, 3);

  void recordNanos(long nanos) {
    histogram.recordValue(Math.min(HIGHEST_NANOS, Math.max(1, nanos)));
  }

  /** Forgets every sample (allocates nothing). */
  void reset() {
    histogram.reset();
  }

  double percentileMicros(double percentile) {
    return histogram.getValueAtPercentile(percentile) / 1_000.0;
  }

  double minMicros() {
    return histogram.getMinValue() / 1_000.0;
  }

  /** Standard deviation over mean, in percent: the samples' spread. */
  double noisePercent() {
    double mean = histogram.getMean();
    return mean == 0 ? 0 : 100.0 * histogram.getStdDeviation() / mean;
  }
}
