package dev.fabricplanner.core.plan;

import dev.fabricplanner.core.record.SizeSample;
import java.util.List;

/**
 * The time of one message of b bytes over one measured link, from the sweep's one-way p50 latencies:
 * a sample's latency is already one isolated message's whole time (a ping-pong's half round trip, or
 * one timed copy), so no bandwidth term is added inside the sweep; adding {@code b / bandwidth(b)} to
 * it would count the message twice. Between two measured sizes the time is the straight line through
 * their times (linear in bytes: a latency + bytes / bandwidth segment through both points). Above the
 * largest size the bytes past it go at that size's bandwidth, flagged as extrapolated; below the
 * smallest a message costs the smallest size's time, a bound from above (a smaller message is not
 * slower), so not flagged. See docs/PLANNER.md, "Cost model".
 */
public final class TransferCurve {
  private final long[] sizes;
  /** One message's time at each size, non-decreasing: a noisy p50 that dips with size is lifted. */
  private final double[] timesUs;
  /** Streaming bandwidth at the largest size, bytes per second, for the bytes beyond the sweep. */
  private final double tailBandwidth;

  public TransferCurve(List<SizeSample> sweep) {
    if (sweep.isEmpty()) {
      throw new IllegalArgumentException("a transfer curve needs at least one sample");
    }
    sizes = new long[sweep.size()];
    timesUs = new double[sweep.size()];
    double runningMax = 0;
    for (int i = 0; i < sweep.size(); i++) {
      SizeSample s = sweep.get(i);
      if (i > 0 && s.sizeBytes() <= sizes[i - 1]) {
        throw new IllegalArgumentException("a transfer curve needs strictly ascending sizes");
      }
      sizes[i] = s.sizeBytes();
      runningMax = Math.max(runningMax, messageTimeUs(s));
      timesUs[i] = runningMax;
    }
    tailBandwidth = sweep.get(sweep.size() - 1).bandwidthBytesPerSec();
  }

  /**
   * A sample's one-message time: its p50 latency, or where the record has none (the schema allows 0)
   * its bytes at its bandwidth, the only figure it gives for that size.
   */
  private static double messageTimeUs(SizeSample s) {
    return s.latencyP50Us() > 0 ? s.latencyP50Us() : s.sizeBytes() / s.bandwidthBytesPerSec() * 1e6;
  }

  /** The estimated time to move the given bytes as one message, in microseconds. */
  public double timeUs(long bytes) {
    if (bytes <= 0) {
      return 0;
    }
    int last = sizes.length - 1;
    if (bytes <= sizes[0]) {
      return timesUs[0];
    }
    if (bytes >= sizes[last]) {
      return timesUs[last] + (bytes - sizes[last]) / tailBandwidth * 1e6;
    }
    int hi = 1;
    while (sizes[hi] < bytes) {
      hi++;
    }
    int lo = hi - 1;
    double t = (double) (bytes - sizes[lo]) / (sizes[hi] - sizes[lo]);
    return timesUs[lo] + t * (timesUs[hi] - timesUs[lo]);
  }

  /**
   * The time with only a fraction (0, 1] of the link's bandwidth, the rest used by other hops: the
   * fixed part (the smallest size's time) stays, the part that grows with the bytes is stretched by
   * 1 / fraction.
   */
  public double timeUs(long bytes, double bandwidthFraction) {
    if (bytes <= 0) {
      return 0;
    }
    return fixedUs() + (timeUs(bytes) - fixedUs()) / bandwidthFraction;
  }

  /**
   * True when bytes lies beyond the largest measured size, so the estimate is an extrapolation. Below
   * the smallest size the smallest size's time is an upper bound, not a guess: a sampled token of
   * a few bytes under a 64 B sweep would otherwise flag every plan.
   */
  public boolean extrapolates(long bytes) {
    return bytes > sizes[sizes.length - 1];
  }

  /** The fixed cost of a message: the smallest size's time, which no message goes below. */
  public double fixedUs() {
    return timesUs[0];
  }
}
