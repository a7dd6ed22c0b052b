package dev.fabricplanner.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fabricplanner.core.record.Backend;
import dev.fabricplanner.core.record.CapabilityRecordReader;
import dev.fabricplanner.core.record.LinkMeasurement;
import dev.fabricplanner.core.record.SizeSample;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransferCurveTest {
  private static SizeSample sample(long bytes, double p50Us, double bandwidth) {
    return new SizeSample(bytes, p50Us, p50Us * 2, bandwidth, 1, 100);
  }

  /**
   * shm between two threads of one JVM, measured by the probe on the 2-vCPU build VM
   * (docs/PROBE-LIBFABRIC.md, "shm rdm on shm"): one-way p50 of the ping-pong, bandwidth of a window
   * of 64 sends over the median round.
   */
  private static final List<SizeSample> SHM_WINDOWED = List.of(
      sample(64, 0.65, 0.122e9), sample(4_096, 1.21, 5.107e9), sample(65_536, 7.63, 9.262e9),
      sample(1_048_576, 96.00, 4.595e9), sample(4_194_304, 556.54, 5.201e9));

  @Test
  void aCopyLinksMessageCostsItsMeasuredLatencyOnce() throws Exception {
    // nvl8-h100's cuda_ipc sweep: 4 KiB takes 2.012 us a copy and its bandwidth, 2.036 GB/s, is that
    // same copy (4 KiB / 2.01 us). Latency + bytes / bandwidth counted it twice: 4.02 us.
    LinkMeasurement ipc = new CapabilityRecordReader()
        .read(Path.of("..", "examples", "records", "nvl8-h100.json")).links().stream()
        .filter(l -> l.backend() == Backend.CUDA && l.provider().equals("cuda_ipc"))
        .findFirst().orElseThrow();
    TransferCurve curve = new TransferCurve(ipc.sweep());
    assertThat(curve.timeUs(4_096)).isCloseTo(2.012, within(1e-9));
    assertThat(curve.timeUs(64)).isCloseTo(2.0, within(1e-9));
  }

  @Test
  void aWindowedSweepPaysOnlyTheOneWayLatency() {
    TransferCurve curve = new TransferCurve(SHM_WINDOWED);
    // 64 B: the measured 0.65 us one way, not 0.65 + 64 B / 0.122 GB/s = 1.17 us.
    assertThat(curve.timeUs(64)).isCloseTo(0.65, within(1e-9));
    assertThat(curve.timeUs(65_536)).isCloseTo(7.63, within(1e-9));
  }

  @Test
  void betweenTwoSizesTheTimeIsLinearInBytes() {
    TransferCurve curve = new TransferCurve(SHM_WINDOWED);
    // 16 KiB is a fifth of the way from 4 KiB to 64 KiB in bytes.
    assertThat(curve.timeUs(16_384)).isCloseTo(1.21 + (7.63 - 1.21) / 5, within(1e-9));
    // efa-p5's sweep: 16 us + 4 MiB at ~12 GB/s is ~365 us; a line through the 1 MiB (101.9 us) and
    // 16 MiB (1,391.2 us) samples gives 359.8, where interpolating in log(size) would give 746.
    TransferCurve efa = new TransferCurve(List.of(sample(1_048_576, 101.949, 11.66e9),
        sample(16_777_216, 1391.182, 12.16e9)));
    assertThat(efa.timeUs(4_194_304)).isCloseTo(101.949 + (1391.182 - 101.949) / 5, within(1e-9));
  }

  @Test
  void aboveTheSweepTheExtraBytesGoAtTheLargestSizesBandwidthAndAreFlagged() {
    TransferCurve curve = new TransferCurve(SHM_WINDOWED);
    long largest = 4_194_304;
    assertThat(curve.timeUs(3 * largest)).isCloseTo(556.54 + 2 * largest / 5.201e9 * 1e6, within(1e-9));
    assertThat(curve.extrapolates(3 * largest)).isTrue();
    assertThat(curve.extrapolates(largest)).isFalse();
  }

  @Test
  void belowTheSweepAMessageCostsTheSmallestSizesTimeAnUpperBoundNotFlagged() {
    TransferCurve curve = new TransferCurve(SHM_WINDOWED);
    assertThat(curve.timeUs(8)).isCloseTo(0.65, within(1e-9));
    assertThat(curve.extrapolates(8)).isFalse();
    assertThat(curve.extrapolates(64)).isFalse();
    assertThat(curve.timeUs(0)).isZero();
  }

  @Test
  void aNoisyMedianThatDipsWithSizeNeverMakesABiggerMessageCheaper() {
    // 4 KiB's p50 came out under 1 KiB's (a quiet moment): it is lifted to 1 KiB's 3 us.
    TransferCurve curve = new TransferCurve(List.of(sample(64, 2, 1e8), sample(1_024, 3, 1e9),
        sample(4_096, 2.5, 2e9), sample(65_536, 9, 8e9)));
    assertThat(curve.timeUs(4_096)).isCloseTo(3, within(1e-9));
    assertThat(curve.timeUs(2_048)).isCloseTo(3, within(1e-9));
    double before = 0;
    for (long bytes = 1; bytes <= 1 << 20; bytes += 97) {
      double us = curve.timeUs(bytes);
      assertThat(us).as("%d B", bytes).isGreaterThanOrEqualTo(before);
      before = us;
    }
  }

  @Test
  void aSharedLinkStretchesOnlyThePartThatGrowsWithTheBytes() {
    TransferCurve curve = new TransferCurve(SHM_WINDOWED);
    // Half the bandwidth: 0.65 us fixed, the other 6.98 us of a 64 KiB message doubled.
    assertThat(curve.timeUs(65_536, 0.5)).isCloseTo(0.65 + 2 * (7.63 - 0.65), within(1e-9));
    assertThat(curve.timeUs(64, 0.25)).isCloseTo(0.65, within(1e-9));
    assertThat(curve.timeUs(65_536, 1.0)).isEqualTo(curve.timeUs(65_536));
  }

  @Test
  void aSampleWithoutALatencyIsPricedFromItsBandwidth() {
    // The schema allows latency_p50_us 0: that size's time is its bytes at its bandwidth.
    TransferCurve curve = new TransferCurve(List.of(sample(1_000, 0, 1e9), sample(1_000_000, 110, 1e10)));
    assertThat(curve.timeUs(1_000)).isCloseTo(1, within(1e-9));
    assertThat(curve.timeUs(1_000_000)).isCloseTo(110, within(1e-9));
  }
}
