package dev.fabricplanner.probe.jvm;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * Whether the JIT compilers have been quiet since a mark, so that a warm-up can last until they are.
 * On a host with few cores a compiler thread takes a CPU from a timed loop for as long as it compiles
 * (C2 compiles of Netty's pipeline methods took 100-220 ms each, one after another, for seconds),
 * which shows as holes in the timings. Busy time is the CPU time of the JVM's compiler threads, read
 * from /proc on Linux, so that a compile still running counts; elsewhere the JVM's total compilation
 * time ({@link CompilationMXBean}), which grows only when a compile ends; where neither is available
 * the compilers always count as quiet.
 */
public final class CompilerWatch {
  /** Quiet: the compilers were busy for at most this share of the wall time since the mark. */
  public static final double QUIET_SHARE = 0.05;

  private final LongSupplier compileMillis;
  private long markNanos;
  private long markBusyMillis;

  /** @param compileMillis the compilers' total busy time so far in ms; null where unknown */
  public CompilerWatch(LongSupplier compileMillis) {
    this.compileMillis = compileMillis;
    mark(System.nanoTime());
  }

  /** This JVM's compilers. */
  public static CompilerWatch ofThisJvm() {
    if (CompilerThreadTime.available()) {
      return new CompilerWatch(new CompilerThreadTime());
    }
    CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
    boolean reported = compiler != null && compiler.isCompilationTimeMonitoringSupported();
    return new CompilerWatch(reported ? compiler::getTotalCompilationTime : null);
  }

  /**
   * Which JIT tiers this JVM runs, as reported beside figures: "c1" (TieredStopAtLevel below 4, as
   * bin/probe-agent starts the agent), "c1+c2" (the default) or "c2" (tiered compilation off).
   */
  public static String tiers() {
    var hotspot = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
    if (hotspot == null) {
      return "unknown";
    }
    if (!Boolean.parseBoolean(hotspot.getVMOption("TieredCompilation").getValue())) {
      return "c2";
    }
    return Integer.parseInt(hotspot.getVMOption("TieredStopAtLevel").getValue()) < 4 ? "c1" : "c1+c2";
  }

  public boolean measurable() {
    return compileMillis != null;
  }

  /** The compilers' total busy time so far, in ms (0 where unknown). */
  public long busyMillis() {
    return compileMillis == null ? 0 : compileMillis.getAsLong();
  }

  /** Starts a new interval at {@code nowNanos} ({@link System#nanoTime()}). */
  public void mark(long nowNanos) {
    markNanos = nowNanos;
    markBusyMillis = busyMillis();
  }

  /** Whether the compilers were quiet from the mark to {@code nowNanos}. */
  public boolean quietSinceMark(long nowNanos) {
    long busy = busyMillis() - markBusyMillis;
    return busy * 1e6 <= QUIET_SHARE * (nowNanos - markNanos);
  }

  /**
   * For a loop that calls it every iteration: false until an interval of at least {@code
   * intervalNanos} has passed since the mark; then whether the compilers were quiet over it, starting
   * the next interval.
   */
  public boolean quietOverInterval(long nowNanos, long intervalNanos) {
    if (nowNanos - markNanos < intervalNanos) {
      return false;
    }
    boolean quiet = quietSinceMark(nowNanos);
    mark(nowNanos);
    return quiet;
  }
}
