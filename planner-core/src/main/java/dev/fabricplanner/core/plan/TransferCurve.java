package dev.fabricplanner.core.plan;

import dev.fabricplanner.core.record.SizeSample;
import java.util.List;

/**
 * The cost of moving b bytes over one measured link: {@code latency + b / bandwidth(b)}, where latency is
 * the median one-way latency of the smallest size measured (the fixed cost of a message) and
 * bandwidth(b) is interpolated piecewise linearly in log(size) between the sweep's samples. Outside the
 * sweep the nearest sample's bandwidth is used and the estimate says it was extrapolated.
 */
public final class TransferCurve {
  private final double latencyUs;
  private final double[] logSizes;
  private final double[] bandwidths;
  private final long minSize;
  private final long maxSize;

  public TransferCurve(List<SizeSample> sweep) {
    if (sweep.isEmpty()) {
      throw new IllegalArgumentException("a transfer curve needs at least one sample");
    }
    latencyUs = sweep.get(0).latencyP50Us();
    logSizes = new double[sweep.size()];
    bandwidths = new double[sweep.size()];
    for (int i = 0; i < sweep.size(); i++) {
      logSizes[i] = Math.log(sweep.get(i).sizeBytes());
      bandwidths[i] = sweep.get(i).bandwidthBytesPerSec();
    }
    minSize = sweep.get(0).sizeBytes();
    maxSize = sweep.get(sweep.size() - 1).sizeBytes();
  }

  /** The estimated time to move the given bytes, in microseconds. */
  public double timeUs(long bytes) {
    if (bytes <= 0) {
      return 0;
    }
    return latencyUs + bytes / bandwidthAt(bytes) * 1e6;
  }

  /** The time with only a fraction (0, 1] of the link's bandwidth, the rest used by other hops. */
  public double timeUs(long bytes, double bandwidthFraction) {
    if (bytes <= 0) {
      return 0;
    }
    return latencyUs + bytes / (bandwidthAt(bytes) * bandwidthFraction) * 1e6;
  }

  /** True when bytes lies outside the measured sizes, so the estimate is an extrapolation. */
  public boolean extrapolates(long bytes) {
    return bytes > 0 && (bytes < minSize || bytes > maxSize);
  }

  /** Interpolated bandwidth in bytes per second, clamped to the end samples outside the sweep. */
  public double bandwidthAt(long bytes) {
    double x = Math.log(bytes);
    int last = logSizes.length - 1;
    if (x <= logSizes[0]) {
      return bandwidths[0];
    }
    if (x >= logSizes[last]) {
      return bandwidths[last];
    }
    int hi = 1;
    while (logSizes[hi] < x) {
      hi++;
    }
    int lo = hi - 1;
    double t = (x - logSizes[lo]) / (logSizes[hi] - logSizes[lo]);
    return bandwidths[lo] + t * (bandwidths[hi] - bandwidths[lo]);
  }

  public double latencyUs() {
    return latencyUs;
  }
}
