package dev.fabricplanner.probe.fabric;

import org.HdrHistogram.Histogram;

/** Nanosecond samples in an HdrHistogram, read back in microseconds. */
final class SampleStats {
  private final Histogram histogram = new Histogram(3);

  void recordNanos(long nanos) {
    histogram.recordValue(Math.max(1, nanos));
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
