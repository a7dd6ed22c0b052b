package dev.fabricplanner.probe.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class VerificationAndRateTest {
  @Test
  void combinedChecksAddTheirCountsAndNameTheSideThatFailed() {
    Verification pings = Verification.of(10, 10, 0, 3);
    Verification pongs = Verification.of(10, 10, 0, 0);

    Verification both = Verification.combined("pings", pings, "pongs", pongs);

    assertThat(both.status()).isEqualTo(Verification.Status.FAILED);
    assertThat(both.stampChecks()).isEqualTo(20);
    assertThat(both.contentChecks()).isEqualTo(20);
    assertThat(both.detail()).isEqualTo("pings: 0 stamp and 3 content mismatches");
    assertThat(Verification.combined("pings", pongs, "pongs", pings).detail())
        .isEqualTo("pongs: 0 stamp and 3 content mismatches");
  }

  @Test
  void combinedChecksPassOnlyWhenSomethingWasChecked() {
    Verification none = Verification.of(0, 0, 0, 0);
    Verification some = Verification.of(5, 5, 0, 0);

    assertThat(Verification.combined("a", none, "b", none).status())
        .isEqualTo(Verification.Status.UNVERIFIED);
    assertThat(Verification.combined("a", none, "b", some).status())
        .isEqualTo(Verification.Status.VERIFIED);
    assertThat(Verification.combined("a", Verification.of(1, 1, 1, 0), "b", Verification.of(1, 1, 0, 1))
        .detail()).isEqualTo("a: 1 stamp and 0 content mismatches; b: 0 stamp and 1 content mismatches");
  }

  @Test
  void theRecordedRateIsOneRoundOverTheMedianRoundNotTheElapsedRate() {
    // 64 messages of 64 KiB in a median round of 500 us: 8.39 GB/s, whatever the holes did to the
    // elapsed rate (here a quarter of it).
    ThroughputPoint point = new ThroughputPoint(65536, 64, 200, 20, 2.1, 500.0, 12000.0, 150.0,
        Verification.of(1, 1, 0, 0));

    assertThat(point.medianRoundGigabytesPerSecond()).isCloseTo(64 * 65536 / 500e3, within(1e-9));
    assertThat(new ThroughputPoint(64, 1, 1, 0, 0, 0, 0, 0, Verification.of(1, 1, 0, 0))
        .medianRoundGigabytesPerSecond()).isZero();
  }
}
