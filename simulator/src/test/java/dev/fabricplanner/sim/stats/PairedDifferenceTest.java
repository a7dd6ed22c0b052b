package dev.fabricplanner.sim.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PairedDifferenceTest {

  @Test
  void intervalIsStudentTOverThePairedDifferences() {
    // Differences 1..5: mean 3, s = sqrt(2.5), t(4, 0.975) = 2.7764451.
    PairedDifference d =
        PairedDifference.of(new double[] {11, 12, 13, 14, 15}, new double[] {10, 10, 10, 10, 10}, 0.95);
    assertThat(d.pairs()).isEqualTo(5);
    assertThat(d.mean()).isEqualTo(3.0);
    assertThat(d.halfWidth()).isCloseTo(2.7764451 * Math.sqrt(2.5) / Math.sqrt(5), within(1e-6));
    assertThat(d.aboveZero()).isTrue();
  }

  @Test
  void pairsWithAMissingSideAreSkipped() {
    PairedDifference d =
        PairedDifference.of(new double[] {1, Double.NaN, 3}, new double[] {0, 0, Double.NaN}, 0.95);
    assertThat(d.pairs()).isEqualTo(1);
    assertThat(d.mean()).isEqualTo(1.0);
    assertThat(d.halfWidth()).isNaN();
    assertThat(d.aboveZero()).as("one pair gives no noise estimate").isFalse();
  }

  @Test
  void aLeadSmallerThanTheNoiseIsNotAboveZero() {
    PairedDifference d =
        PairedDifference.of(new double[] {3, -2, 3, -2, 3, -2}, new double[6], 0.95);
    assertThat(d.mean()).isEqualTo(0.5);
    assertThat(d.aboveZero()).isFalse();
  }

  @Test
  void studentTHalfWidthNeedsTwoValues() {
    assertThat(StudentT.halfWidth(1, 0, 0.95)).isNaN();
    assertThat(StudentT.halfWidth(2, 1, 0.95)).isCloseTo(12.7062047 / Math.sqrt(2), within(1e-6));
  }
}
