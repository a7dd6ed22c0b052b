package dev.fabricplanner.probe.quic;

import dev.fabricplanner.probe.jvm.CompilerWatch;
import java.io.IOException;
import java.time.Duration;

/**
 * Repeats an untimed pass until the JIT compilers stay nearly idle through one ({@link CompilerWatch}),
 * so that timed runs after it do not share the CPU with them.
 */
final class JitSettling {
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
    return repeatUntilQuiet(pass, cap, CompilerWatch.ofThisJvm());
  }

  static Outcome repeatUntilQuiet(Pass pass, Duration cap, CompilerWatch compilers) throws IOException {
    long start = System.nanoTime();
    long busyStart = compilers.busyMillis();
    int passes = 0;
    boolean quiet = false;
    while (true) {
      compilers.mark(System.nanoTime());
      pass.run();
      passes++;
      long now = System.nanoTime();
      if (!compilers.measurable()) {
        break;
      }
      quiet = compilers.quietSinceMark(now);
      if (quiet || now - start >= cap.toNanos()) {
        break;
      }
    }
    return new Outcome(passes, Duration.ofNanos(System.nanoTime() - start), compilers.busyMillis() - busyStart,
        quiet, compilers.measurable());
  }
}
