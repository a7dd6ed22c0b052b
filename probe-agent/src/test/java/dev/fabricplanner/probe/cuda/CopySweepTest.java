package dev.fabricplanner.probe.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class CopySweepTest {
  @Test
  void standardSweepRunsFrom64BytesTo4MiBInPowersOfFour() {
    assertThat(CopySweep.standard().sizes())
        .containsExactly(64L, 256L, 1024L, 4096L, 16384L, 65536L, 262144L, 1048576L, 4194304L);
  }

  @Test
  void upToEndsAtTheGivenSize() {
    assertThat(CopySweep.upTo(1000).sizes()).containsExactly(64L, 256L, 1000L);
    assertThat(CopySweep.upTo(4096).largest()).isEqualTo(4096);
  }

  @Test
  void sizesMustAscend() {
    assertThatThrownBy(() -> CopySweep.of(List.of(256L, 64L)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sampleTakesPercentilesFromTheHistogramAndSpreadAsStdOverMean() {
    Histogram nanos = new Histogram(3);
    for (int i = 1; i <= 100; i++) {
      nanos.recordValue(i * 1000L); // 1 us .. 100 us
    }
    // Runs at 9, 10, 11 GB/s: mean 10, sample standard deviation 1 -> 10 %.
    double[] rates = {9e9, 10e9, 11e9};

    CopySample sample = CopyBench.sample(4096, nanos, rates, 100);

    assertThat(sample.latencyP50Us()).isCloseTo(50.0, within(0.1));
    assertThat(sample.latencyP99Us()).isCloseTo(99.0, within(0.1));
    assertThat(sample.bandwidthBytesPerSec()).isCloseTo(10e9, within(1.0));
    assertThat(sample.noisePct()).isCloseTo(10.0, within(1e-9));
  }

  @Test
  void payloadPatternIsSeededAndChecksummed() {
    byte[] a = PayloadPattern.bytes(4096, 7);
    assertThat(PayloadPattern.bytes(4096, 7)).isEqualTo(a);
    assertThat(PayloadPattern.bytes(4096, 8)).isNotEqualTo(a);
    assertThat(PayloadPattern.checksum(a)).isNotEqualTo(PayloadPattern.checksum(new byte[4096]));
  }
}
