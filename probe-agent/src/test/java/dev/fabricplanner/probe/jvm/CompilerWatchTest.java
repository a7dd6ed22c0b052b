package dev.fabricplanner.probe.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Quiet means the compilers' busy time grew by at most 5 % of the wall time since the mark, or 0.5 %
 * of an interval for a loop that times microseconds. The watch reads busy time in microseconds.
 */
class CompilerWatchTest {
  private static final long MS = 1_000_000;
  private static final long MICROS_PER_MS = 1_000;

  @Test
  void quietWhenTheCompilersWorkedAtMostFivePercentOfTheInterval() {
    AtomicLong compiled = new AtomicLong(500 * MICROS_PER_MS);
    CompilerWatch watch = new CompilerWatch(compiled::get);
    watch.mark(0);
    compiled.addAndGet(5 * MICROS_PER_MS); // 5 ms of compiling in 100 ms
    assertThat(watch.quietSinceMark(100 * MS)).isTrue();
    compiled.addAndGet(MICROS_PER_MS); // 6 ms in 100 ms
    assertThat(watch.quietSinceMark(100 * MS)).isFalse();
    assertThat(watch.busyMillis()).isEqualTo(506);
    assertThat(watch.busyMicros()).isEqualTo(506_000);
  }

  @Test
  void aLoopIsToldOncePerIntervalAndEachIntervalStartsAfresh() {
    AtomicLong compiled = new AtomicLong();
    CompilerWatch watch = new CompilerWatch(compiled::get);
    watch.mark(0);
    compiled.addAndGet(10 * MICROS_PER_MS);
    assertThat(watch.quietOverInterval(5 * MS, 20 * MS)).as("interval not over").isFalse();
    assertThat(watch.quietOverInterval(20 * MS, 20 * MS)).as("10 ms busy of 20").isFalse();
    assertThat(watch.quietOverInterval(40 * MS, 20 * MS)).as("idle from 20 to 40 ms").isTrue();
  }

  @Test
  void aTimingLoopIsStricterThanAWarmUpPass() {
    AtomicLong compiled = new AtomicLong();
    CompilerWatch watch = new CompilerWatch(compiled::get);
    watch.mark(0);
    compiled.addAndGet(300); // one small C1 compile, 0.3 ms, in 20 ms: 1.5 %
    assertThat(watch.quietSinceMark(20 * MS)).as("a warm-up pass allows 5 %").isTrue();
    assertThat(watch.quietOverInterval(20 * MS, 20 * MS)).as("a timing loop allows 0.5 %").isFalse();
    compiled.addAndGet(100); // 0.1 ms in the next 20 ms
    assertThat(watch.quietOverInterval(40 * MS, 20 * MS)).isTrue();
  }

  @Test
  void whereTheJvmDoesNotReportCompileTimeTheCompilersCountAsQuiet() {
    CompilerWatch watch = new CompilerWatch(null);
    watch.mark(0);
    assertThat(watch.measurable()).isFalse();
    assertThat(watch.quietOverInterval(20 * MS, 20 * MS)).isTrue();
  }

  @Test
  void thisJvmReportsItsCompilers() {
    CompilerWatch watch = CompilerWatch.ofThisJvm();
    assertThat(watch.measurable()).isTrue();
    assertThat(watch.busyMillis()).isPositive();
    // Surefire's JVM runs with the default tiers; bin/probe-agent asks for C1 alone.
    assertThat(CompilerWatch.tiers()).isEqualTo("c1+c2");
  }

  /** The compiler threads' busy time grows while this thread makes them compile a new hot method. */
  @Test
  void compilerThreadTimeGrowsWhileCodeIsCompiled() {
    assumeTrue(CompilerThreadTime.available(), "/proc/self/task is Linux only");
    CompilerThreadTime time = new CompilerThreadTime();
    long before = time.getAsLong();
    long sink = 0;
    long end = System.nanoTime() + 3_000_000_000L;
    while (time.getAsLong() == before && System.nanoTime() < end) {
      for (int i = 0; i < 200_000; i++) {
        sink += Long.toString(i ^ sink).hashCode() + String.valueOf((double) i).length();
      }
    }
    assertThat(time.getAsLong()).as("compiler busy us (sink %d)", sink).isGreaterThan(before);
  }
}
