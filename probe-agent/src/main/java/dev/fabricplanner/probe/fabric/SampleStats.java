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

  /** (p99 - p50) / p50 in percent: how far the tail strays from the typical sample. */
  double noisePercent() {
    double p50 = histogram.getValueAtPercentile(50);
    return p50 == 0 ? 0 : 100.0 * (histogram.getValueAtPercentile(99) - p50) / p50;
  }
}
