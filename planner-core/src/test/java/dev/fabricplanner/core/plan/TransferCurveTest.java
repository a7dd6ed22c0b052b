package dev.fabricplanner.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TransferCurveTest {
  private final TransferCurve curve = new TransferCurve(TestHosts.curve(10, 1e9, 1e10));

  @Test
  void bandwidthIsLinearInLogSizeBetweenSamples() {
    assertThat(curve.bandwidthAt(10_000)).isCloseTo(4e9, within(1e-3));
    assertThat(curve.bandwidthAt(100_000)).isCloseTo(7e9, within(1e-3));
    assertThat(curve.bandwidthAt(1_000)).isEqualTo(1e9);
  }

  @Test
  void timeIsSmallestSizeLatencyPlusBytesOverBandwidth() {
    assertThat(curve.timeUs(10_000)).isCloseTo(10 + 10_000 / 4e9 * 1e6, within(1e-9));
    assertThat(curve.timeUs(1_000_000)).isCloseTo(110, within(1e-9));
    assertThat(curve.timeUs(0)).isZero();
  }

  @Test
  void outsideTheSweepBandwidthIsClampedAndFlagged() {
    assertThat(curve.bandwidthAt(100)).isEqualTo(1e9);
    assertThat(curve.bandwidthAt(10_000_000)).isEqualTo(1e10);
    assertThat(curve.timeUs(10_000_000)).isCloseTo(10 + 1000, within(1e-9));
    assertThat(curve.extrapolates(100)).isTrue();
    assertThat(curve.extrapolates(10_000_000)).isTrue();
    assertThat(curve.extrapolates(1_000)).isFalse();
    assertThat(curve.extrapolates(1_000_000)).isFalse();
  }
}
