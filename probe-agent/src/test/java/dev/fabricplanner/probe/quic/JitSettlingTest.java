package dev.fabricplanner.probe.quic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabricplanner.probe.jvm.CompilerWatch;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The warm-up repeats while the compilers are busy, and no longer than its cap. */
class JitSettlingTest {

  /** A pass of about 5 ms during which the fake compilers work {@code busyMs[pass]} ms. */
  private static JitSettling.Pass pass(AtomicLong compiled, long... busyMs) {
    int[] next = {0};
    return () -> {
      compiled.addAndGet(1_000 * busyMs[Math.min(next[0]++, busyMs.length - 1)]); // the watch reads microseconds
      long end = System.nanoTime() + 5_000_000;
      while (System.nanoTime() < end) {
        Thread.onSpinWait();
      }
    };
  }

  @Test
  void repeatsUntilAPassLeavesTheCompilersIdle() throws Exception {
    AtomicLong compiled = new AtomicLong(1_000_000);
    JitSettling.Outcome outcome =
        JitSettling.repeatUntilQuiet(pass(compiled, 40, 25, 10, 0), Duration.ofSeconds(30), new CompilerWatch(compiled::get));
    assertThat(outcome.passes()).isEqualTo(4);
    assertThat(outcome.quiet()).isTrue();
    assertThat(outcome.compileMillis()).isEqualTo(75);
    assertThat(outcome.describe()).contains("4 passes").contains("JIT busy 75 ms").endsWith("then quiet");
  }

  @Test
  void stopsAtTheCapWhileStillCompiling() throws Exception {
    AtomicLong compiled = new AtomicLong();
    JitSettling.Outcome outcome =
        JitSettling.repeatUntilQuiet(pass(compiled, 50), Duration.ofMillis(30), new CompilerWatch(compiled::get));
    assertThat(outcome.quiet()).isFalse();
    assertThat(outcome.passes()).isBetween(2, 7);
    assertThat(outcome.describe()).endsWith("still compiling at the cap");
  }

  @Test
  void runsOnePassWhereTheJvmDoesNotReportCompileTime() throws Exception {
    AtomicLong compiled = new AtomicLong();
    JitSettling.Outcome outcome = JitSettling.repeatUntilQuiet(pass(compiled, 50), Duration.ofSeconds(30), new CompilerWatch(null));
    assertThat(outcome.passes()).isEqualTo(1);
    assertThat(outcome.measurable()).isFalse();
  }
}
