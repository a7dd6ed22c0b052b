package dev.fabricplanner.probe.jvm;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * Whether the JIT compilers have been quiet since a mark, so that a warm-up can last until they are.
 * On a host with few cores a compiler thread takes a CPU from a timed loop for as long as it compiles
 * (C2 compiles of Netty's pipeline methods took 100-220 ms each, one after another, for seconds),
 * which shows as holes in the timings. Busy time is the time the JVM's compiler threads ran or waited
 * for a CPU, read from /proc on Linux, so that a compile still running counts, and one starved by
 * the loops it would interrupt too; elsewhere the JVM's total compilation time ({@link
 * CompilationMXBean}), which grows only when a compile ends; where neither is available the
 * compilers always count as quiet.
 */
public final class CompilerWatch {
  /** Quiet: the compilers were busy for at most this share of the wall time since the mark. */
  public static final double QUIET_SHARE = 0.05;
  /**
   * Quiet for a loop that times microseconds ({@link #quietOverInterval}): a 100 us share of 20 ms.
   * One C1 compile (0.1-1 ms) in a timed loop of a few ms is a hole of its own.
   */
  public static final double STRICT_QUIET_SHARE = 0.005;

  private final LongSupplier compileMicros;
  private long markNanos;
  private long markBusyMicros;

  /** @param compileMicros the compilers' total busy time so far in microseconds; null where unknown */
  public CompilerWatch(LongSupplier compileMicros) {
    this.compileMicros = compileMicros;
    mark(System.nanoTime());
  }

  /**
   * Reads of /proc enough for the JIT to compile the reading code itself (C1 compiles a method after
   * about 200 calls). Without them those compiles came due at the warm-up's last look, and ran inside
   * the timed loop that followed: ten of them, 1.5 ms, in the 5 ms loop of shm's 64 B ping-pong.
   */
  private static final int PRIMING_READS = 300;
  private static boolean primed;

  /** This JVM's compilers. */
  public static CompilerWatch ofThisJvm() {
    if (CompilerThreadTime.available()) {
      primeOnce();
      return new CompilerWatch(new CompilerThreadTime());
    }
    CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
    boolean reported = compiler != null && compiler.isCompilationTimeMonitoringSupported();
    return new CompilerWatch(reported ? () -> compiler.getTotalCompilationTime() * 1_000 : null);
  }

  private static synchronized void primeOnce() {
    if (!primed) {
      primed = true;
      CompilerThreadTime reader = new CompilerThreadTime();
      for (int i = 0; i < PRIMING_READS; i++) {
        reader.getAsLong();
      }
    }
  }

  /**
   * Which JIT tiers this JVM runs, as reported beside figures: "c1" (TieredStopAtLevel below 4, as
   * bin/probe-agent starts the agent), "c1+c2" (the default) or "c2" (tiered compilation off).
   */
  public static String tiers() {
    try {
      var hotspot = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
      if (hotspot == null) {
        return "unknown";
      }
      if (!Boolean.parseBoolean(hotspot.getVMOption("TieredCompilation").getValue())) {
        return "c2";
      }
      return Integer.parseInt(hotspot.getVMOption("TieredStopAtLevel").getValue()) < 4 ? "c1" : "c1+c2";
    } catch (LinkageError | IllegalArgumentException e) {
      // A runtime without the jdk.management module (a trimmed jlink image) or a VM without these
      // options: the figures stand, only this label is unknown.
      return "unknown";
    }
  }

  public boolean measurable() {
    return compileMicros != null;
  }

  /** The compilers' total busy time so far, in microseconds (0 where unknown). */
  public long busyMicros() {
    return compileMicros == null ? 0 : compileMicros.getAsLong();
  }

  /** The compilers' total busy time so far, in ms (0 where unknown). */
  public long busyMillis() {
    return busyMicros() / 1_000;
  }

  /** Starts a new interval at {@code nowNanos} ({@link System#nanoTime()}). */
  public void mark(long nowNanos) {
    markNanos = nowNanos;
    markBusyMicros = busyMicros();
  }

  /** Whether the compilers were quiet (at most {@link #QUIET_SHARE} busy) from the mark to {@code nowNanos}. */
  public boolean quietSinceMark(long nowNanos) {
    return quietSinceMark(nowNanos, QUIET_SHARE);
  }

  private boolean quietSinceMark(long nowNanos, double share) {
    long busy = busyMicros() - markBusyMicros;
    return busy * 1e3 <= share * (nowNanos - markNanos);
  }

  /**
   * For a loop that times microseconds and calls it every iteration: false until an interval of at
   * least {@code intervalNanos} has passed since the mark; then whether the compilers were quiet over
   * it ({@link #STRICT_QUIET_SHARE}), starting the next interval.
   */
  public boolean quietOverInterval(long nowNanos, long intervalNanos) {
    if (nowNanos - markNanos < intervalNanos) {
      return false;
    }
    boolean quiet = quietSinceMark(nowNanos, STRICT_QUIET_SHARE);
    mark(nowNanos);
    return quiet;
  }
}
