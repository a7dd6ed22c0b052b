package dev.fabricplanner.probe.quic;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Repeats an untimed pass until the JIT compilers stay nearly idle through one, so that timed runs
 * after it do not share the CPU with them. The compilers' busy time is the JVM's total compilation
 * time ({@link CompilationMXBean}), summed over its compiler threads.
 */
final class JitSettling {
  /** A pass is quiet when the compilers were busy for at most this share of its wall time. */
  static final double QUIET_SHARE = 0.05;

  private JitSettling() {}

  /** One untimed pass. */
  interface Pass {
    void run() throws IOException;
  }

  /**
   * What the warm-up did.
   *
   * @param passes passes run
   * @param elapsed their wall time
   * @param compileMillis the compilers' busy time over them
   * @param quiet whether the last pass was quiet (false: stopped at the cap)
   * @param measurable false where the JVM does not report compilation time (then one pass is run)
   */
  record Outcome(int passes, Duration elapsed, long compileMillis, boolean quiet, boolean measurable) {
    String describe() {
      String what = String.format("%d passes in %d ms, JIT busy %d ms", passes, elapsed.toMillis(), compileMillis);
      if (!measurable) {
        return what + " (this JVM does not report compile time)";
      }
      return what + (quiet ? ", then quiet" : ", still compiling at the cap");
    }
  }

  static Outcome repeatUntilQuiet(Pass pass, Duration cap) throws IOException {
    CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
    boolean measurable = compiler != null && compiler.isCompilationTimeMonitoringSupported();
    return repeatUntilQuiet(pass, cap, measurable ? compiler::getTotalCompilationTime : null);
  }

  /**
   * @param compileMillis the compilers' total busy time so far, in ms; null where the JVM does not
   *     report it (then one pass is run)
   */
  static Outcome repeatUntilQuiet(Pass pass, Duration cap, LongSupplier compileMillis) throws IOException {
    boolean measurable = compileMillis != null;
    long start = System.nanoTime();
    long compileStart = measurable ? compileMillis.getAsLong() : 0;
    int passes = 0;
    boolean quiet = false;
    while (true) {
      long passStart = System.nanoTime();
      long compiledBefore = measurable ? compileMillis.getAsLong() : 0;
      pass.run();
      passes++;
      long passNanos = System.nanoTime() - passStart;
      if (!measurable) {
        break;
      }
      long busyMillis = compileMillis.getAsLong() - compiledBefore;
      quiet = busyMillis * 1e6 <= QUIET_SHARE * passNanos;
      if (quiet || System.nanoTime() - start >= cap.toNanos()) {
        break;
      }
    }
    long busy = measurable ? compileMillis.getAsLong() - compileStart : 0;
    return new Outcome(passes, Duration.ofNanos(System.nanoTime() - start), busy, quiet, measurable);
  }
}
