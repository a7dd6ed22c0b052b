package dev.fabricplanner.probe.cuda;

import java.util.ArrayList;
import java.util.List;

/**
 * The sizes and repetitions of a copy test.
 *
 * @param sizes bytes per copy, strictly ascending
 * @param warmups untimed copies before each size
 * @param latencyIterations copies timed one at a time (for p50/p99)
 * @param bandwidthRuns back-to-back batches timed for bandwidth and its spread
 * @param copiesPerRun copies in one bandwidth batch
 */
public record CopySweep(
    List<Long> sizes, int warmups, int latencyIterations, int bandwidthRuns, int copiesPerRun) {

  public CopySweep {
    sizes = List.copyOf(sizes);
    if (sizes.isEmpty()) {
      throw new IllegalArgumentException("a sweep needs at least one size");
    }
    for (int i = 0; i < sizes.size(); i++) {
      if (sizes.get(i) <= 0 || (i > 0 && sizes.get(i) <= sizes.get(i - 1))) {
        throw new IllegalArgumentException(
            "sizes must be positive and strictly ascending: " + sizes);
      }
    }
    if (warmups < 0 || latencyIterations < 1 || bandwidthRuns < 2 || copiesPerRun < 1) {
      throw new IllegalArgumentException(
          "need warmups >= 0, latencyIterations >= 1, bandwidthRuns >= 2, copiesPerRun >= 1");
    }
  }

  /** The probe's standard sweep: 64 B to 4 MiB in powers of four, as the payload tests use. */
  public static CopySweep standard() {
    return of(powersOfFour(64, 4L << 20));
  }

  /** The given sizes with the standard repetitions. */
  public static CopySweep of(List<Long> sizes) {
    return new CopySweep(sizes, 20, 200, 10, 20);
  }

  /** The standard repetitions over 64 B, 256 B ... up to and including {@code largest}. */
  public static CopySweep upTo(long largest) {
    List<Long> sizes = new ArrayList<>(powersOfFour(64, largest - 1));
    sizes.add(largest);
    return of(sizes);
  }

  public long largest() {
    return sizes.get(sizes.size() - 1);
  }

  static List<Long> powersOfFour(long from, long to) {
    List<Long> sizes = new ArrayList<>();
    for (long size = from; size <= to; size *= 4) {
      sizes.add(size);
    }
    return sizes;
  }
}
