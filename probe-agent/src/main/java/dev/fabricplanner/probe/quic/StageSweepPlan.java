package dev.fabricplanner.probe.quic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How much a stage-transport sweep measures: the sizes, the ping-pong iterations, how many bytes each
 * bulk run moves and how many runs give the spread. Large messages get fewer ping-pongs so that every size
 * costs roughly the same time.
 *
 * @param sizes message sizes, ascending
 * @param warmup untimed ping-pongs before each size's timed ones
 * @param latencyIterations timed ping-pongs at small sizes
 * @param bulkBytesPerRun bytes one bulk run moves (at least 16 messages)
 * @param bulkRuns bulk runs per size; their spread is the noise figure
 * @param stepTimeout longest one size's ping-pong or one bulk run may take before the peer is deemed gone
 * @param jitSettleCap longest the untimed warm-up may repeat while the JIT is still compiling
 */
public record StageSweepPlan(
    List<Integer> sizes,
    int warmup,
    int latencyIterations,
    long bulkBytesPerRun,
    int bulkRuns,
    Duration stepTimeout,
    Duration jitSettleCap) {

  public StageSweepPlan {
    sizes = List.copyOf(sizes);
  }

  /** The full sweep: 64 B to 4 MiB in powers of two. */
  public static StageSweepPlan full() {
    return new StageSweepPlan(
        powersOfTwo(64, 4 << 20), 100, 1000, 64L << 20, 3, Duration.ofSeconds(30), Duration.ofSeconds(4));
  }

  /** A short sweep for tests: four sizes across the range, small volumes. */
  public static StageSweepPlan quick() {
    return new StageSweepPlan(
        List.of(64, 4096, 65536, 1 << 20), 20, 200, 8L << 20, 2, Duration.ofSeconds(10), Duration.ofMillis(500));
  }

  /** The same plan over other sizes (the libfabric tests' sweep, so both curves share their points). */
  public StageSweepPlan withSizes(List<Integer> newSizes) {
    return new StageSweepPlan(
        newSizes, warmup, latencyIterations, bulkBytesPerRun, bulkRuns, stepTimeout, jitSettleCap);
  }

  /** 64, 128, … up to {@code to}. */
  public static List<Integer> powersOfTwo(int from, int to) {
    List<Integer> sizes = new ArrayList<>();
    for (long size = from; size <= to; size *= 2) {
      sizes.add((int) size);
    }
    return sizes;
  }

  /** Timed ping-pongs at {@code size}: the full count up to 64 KiB, then about 64 MiB of traffic, at least 20. */
  int latencyIterationsAt(int size) {
    if (size <= 65536) {
      return latencyIterations;
    }
    return (int) Math.max(20, Math.min(latencyIterations, (64L << 20) / size));
  }

  int warmupAt(int size) {
    return size <= 65536 ? warmup : Math.max(2, warmup / 10);
  }

  /**
   * Messages in one bulk run at {@code size}: the run's bytes whatever the size (at least 16
   * messages). Small messages are gathered into 64 KiB writes, so a count cap is not needed; the
   * old one (65,536 messages) cut 64 B runs to 4 MiB, short enough for the stream's start to show.
   */
  long bulkMessagesAt(int size) {
    return Math.max(16, bulkBytesPerRun / size);
  }
}
