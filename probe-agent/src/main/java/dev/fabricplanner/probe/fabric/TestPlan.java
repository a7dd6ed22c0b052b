package dev.fabricplanner.probe.fabric;

import java.time.Duration;
import java.util.List;

/**
 * What both peers agree to run: the size sweep and counts. A plain value, so the control plane can
 * send it as JSON and both sides run the same phases in the same order.
 *
 * @param sizes message sizes in bytes (each at least 16), in run order
 * @param latencyIterations timed ping-pong round trips per size (fewer above 64 KiB, see below)
 * @param latencyWarmup untimed round trips first (at the first size, also for at least
 *     {@link #firstSizeWarmup()})
 * @param bandwidthRounds timed windows per size
 * @param bandwidthWarmup untimed windows first
 * @param window messages in flight per window (capped so a window holds at most 64 MiB)
 * @param batchSizes buffers posted back to back per batch, e.g. 1..128
 * @param batchMessageBytes message size of the batch sweep
 * @param rmaWrite whether to run RMA write where the provider offers it
 * @param timeoutMillis the longest wait for any completion before the test fails
 */
public record TestPlan(
    List<Integer> sizes,
    int latencyIterations,
    int latencyWarmup,
    int bandwidthRounds,
    int bandwidthWarmup,
    int window,
    List<Integer> batchSizes,
    int batchMessageBytes,
    boolean rmaWrite,
    long timeoutMillis) {

  /** Largest bytes in flight per window. */
  static final long WINDOW_BYTES = 64L << 20;
  private static final int LARGE = 64 << 10;
  private static final long MAX_FIRST_SIZE_WARMUP_NANOS = 300_000_000L;
  private static final long MAX_SIZE_WARMUP_NANOS = 50_000_000L;

  public TestPlan {
    sizes = List.copyOf(sizes);
    batchSizes = List.copyOf(batchSizes);
    for (int size : sizes) {
      if (size < PayloadPattern.MIN_MESSAGE) {
        throw new IllegalArgumentException("size " + size + " is below 16 bytes");
      }
    }
    if (latencyIterations < 1 || bandwidthRounds < 1 || window < 1 || timeoutMillis < 1) {
      throw new IllegalArgumentException("iterations, rounds, window and timeout must be >= 1");
    }
  }

  /** The documented sweep: 64 B to 4 MiB in steps of 4, batches 1 to 128. */
  public static TestPlan standard() {
    return new TestPlan(
        List.of(64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304),
        2000, 200, 200, 20, 64,
        List.of(1, 2, 4, 8, 16, 32, 64, 128), 65536, true, 10_000);
  }

  /**
   * The same sizes with counts cut about fortyfold, for providers whose progress thread adds
   * milliseconds to every message (the sockets provider: fi_pingpong measures 12-30 ms per transfer
   * on this kind of host). The full counts would take over ten minutes there.
   */
  public TestPlan lightened() {
    return new TestPlan(sizes, Math.max(1, latencyIterations / 40), Math.max(1, latencyWarmup / 40),
        Math.max(1, bandwidthRounds / 40), Math.max(1, bandwidthWarmup / 20),
        Math.max(1, window / 4), batchSizes.stream().filter(b -> b == 1 || b == 8 || b == 64).toList(),
        batchMessageBytes, rmaWrite, timeoutMillis);
  }

  /** A short sweep for tests: three sizes, small counts. */
  public static TestPlan quick() {
    return new TestPlan(List.of(64, 4096, 65536), 50, 10, 10, 2, 8,
        List.of(1, 8), 4096, true, 5_000);
  }

  /** The same plan with sizes above {@code maxBytes} dropped (a provider's max_msg_size). */
  public TestPlan capTo(long maxBytes) {
    if (maxBytes < PayloadPattern.MIN_MESSAGE) {
      throw new IllegalArgumentException("cannot cap a plan to " + maxBytes + " bytes");
    }
    List<Integer> kept = sizes.stream().filter(size -> size <= maxBytes).toList();
    int batchBytes = (int) Math.min(batchMessageBytes, maxBytes);
    return new TestPlan(kept, latencyIterations, latencyWarmup, bandwidthRounds, bandwidthWarmup,
        window, batchSizes, batchBytes, rmaWrite, timeoutMillis);
  }

  /**
   * The least time the first size warms up for, on top of its round trips: that warm-up is also
   * the JVM's, which compiles the test loops meanwhile (a C2 compile takes tens of milliseconds and
   * a CPU; with a count alone, 200 round trips, the first sizes were timed half-compiled and beside
   * a busy compiler thread). 100 us per planned round trip, at most 300 ms: 200 ms for the standard
   * plan, 5 ms for the quick one.
   */
  public Duration firstSizeWarmup() {
    return Duration.ofNanos(Math.min(MAX_FIRST_SIZE_WARMUP_NANOS, latencyIterations * 100_000L));
  }

  /**
   * The least time every later size warms up for, on top of its round trips: 25 us per planned
   * round trip, at most 50 ms (50 ms for the standard plan). 200 round trips are a millisecond at
   * small sizes, while the compiler is still at work on what the previous size ran last (reading
   * its histogram) and on paths the new size takes first (fi_send once messages outgrow
   * fi_inject): -XX:+PrintCompilation showed compiles finishing inside the timed loops of 256 B to
   * 16 KiB, each a compiler thread that takes a CPU from one of the two polling peers.
   */
  public Duration sizeWarmup() {
    return Duration.ofNanos(Math.min(MAX_SIZE_WARMUP_NANOS, latencyIterations * 25_000L));
  }

  /** Round trips at this size: the full count up to 64 KiB, then fewer in proportion. */
  public int latencyIterationsFor(int size) {
    return size <= LARGE ? latencyIterations
        : Math.max(10, (int) ((long) latencyIterations * LARGE / size));
  }

  /** Timed windows at this size: the full count up to 64 KiB, then fewer in proportion. */
  public int bandwidthRoundsFor(int size) {
    return size <= LARGE ? bandwidthRounds
        : Math.max(5, (int) ((long) bandwidthRounds * LARGE / size));
  }

  /** Window at this size: at most {@link #WINDOW_BYTES} in flight, at least 2 messages. */
  public int windowFor(int size) {
    return (int) Math.max(Math.min(2, window), Math.min(window, WINDOW_BYTES / size));
  }

  public Duration timeout() {
    return Duration.ofMillis(timeoutMillis);
  }
}
