package dev.fabricplanner.sim.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.stat.inference.TTest;
import org.junit.jupiter.api.Test;

/** The across-seed statistics against textbook values. */
class SeedSpreadTest {
  private static SeedSpread of(double... values) {
    SeedSpread spread = new SeedSpread();
    for (double v : values) {
      spread.add(v);
    }
    return spread;
  }

  @Test
  void meanStddevAndStudentTInterval() {
    SeedSpread spread = of(1, 2, 3, 4, 5);
    assertThat(spread.mean()).isEqualTo(3.0);
    assertThat(spread.stddev()).isCloseTo(Math.sqrt(2.5), within(1e-12));
    // t(0.975, 4 df) = 2.776445 (standard tables); half-width = t * s / sqrt(n)
    assertThat(spread.halfWidth(0.95)).isCloseTo(2.776445 * Math.sqrt(2.5) / Math.sqrt(5), within(1e-5));
    // a wider level gives a wider interval
    assertThat(spread.halfWidth(0.99)).isGreaterThan(spread.halfWidth(0.95));
  }

  @Test
  void oneSeedHasNoIntervalAndConstantSeedsAZeroOne() {
    assertThat(of(7).halfWidth(0.95)).isNaN();
    assertThat(of(7).stddev()).isNaN();
    assertThat(of(4, 4, 4).halfWidth(0.95)).isZero();
  }

  @Test
  void welchMatchesTheTwoSampleTestOnTheRawValues() {
    double[] a = {10.1, 10.4, 9.8, 10.0};
    double[] b = {11.0, 12.5, 10.9, 11.7, 12.2};
    double expected = new TTest().tTest(a, b);
    assertThat(SeedSpread.welchP(of(a), of(b))).isCloseTo(expected, within(1e-12));
    assertThat(expected).isLessThan(0.05);
    assertThat(SeedSpread.welchP(of(1, 2, 3), of(1.5, 2.5, 2))).isGreaterThan(0.05);
    assertThat(SeedSpread.welchP(of(1), of(2, 3))).isNaN();
    assertThat(SeedSpread.welchP(of(2, 2), of(2, 2))).isEqualTo(1.0);
    assertThat(SeedSpread.welchP(of(2, 2), of(3, 3))).isEqualTo(0.0);
  }
}
