package dev.fabricplanner.sim.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fabricplanner.sim.config.BandwidthConfig;
import dev.fabricplanner.sim.config.Distribution;
import dev.fabricplanner.sim.config.NetworkConfig;
import dev.fabricplanner.sim.config.VivaldiConfig;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NetworkTest {
  static final NetworkConfig CONFIG =
      new NetworkConfig(new Distribution.Constant(0.5), new VivaldiConfig(3, 25, 0.1), new BandwidthConfig(50_000, 5_000));

  @Test
  void rttIsSymmetricBaseplusDistanceWithBoundedNoise() {
    Network network = new Network(CONFIG, 64, new SplittableRandom(1), false);
    double maxDistance = Math.sqrt(3) * 25;
    for (int a = 0; a < 64; a++) {
      assertThat(network.rttMs(a, a)).isEqualTo(0.5);
      for (int b = a + 1; b < 64; b++) {
        assertThat(network.rttMs(a, b)).isEqualTo(network.rttMs(b, a));
        assertThat(network.rttMs(a, b)).isBetween(25 * 0.9, (25 + maxDistance) * 1.1);
      }
    }
    // 1 MB between cells: half the RTT plus 8e6 bits at 5,000 Mbit/s = 1.6 ms.
    assertThat(network.oneWayMs(0, 1, 1_000_000)).isCloseTo(network.rttMs(0, 1) / 2 + 1.6, within(1e-9));
    assertThat(network.oneWayMs(2, 2, 1_000_000)).isCloseTo(0.25 + 0.16, within(1e-9));
  }

  @Test
  void linkDegradationHitsOnlyPathsTouchingItsCell() {
    Network network = new Network(CONFIG, 4, new SplittableRandom(1), false);
    double healthy02 = network.oneWayMs(0, 2, 1_000_000);
    double healthy13 = network.oneWayMs(1, 3, 1_000_000);
    network.degrade(2, 2);
    // Inside the degraded cell: RTT doubled, bandwidth halved.
    assertThat(network.oneWayMs(2, 2, 1_000_000)).isCloseTo(0.5 + 0.32, within(1e-9));
    // Into it: the whole path doubles (half RTT and serialisation both scale).
    assertThat(network.oneWayMs(0, 2, 1_000_000)).isCloseTo(2 * healthy02, within(1e-9));
    assertThat(network.oneWayMs(2, 0, 1_000_000)).isCloseTo(2 * healthy02, within(1e-9));
    // Paths between other cells, and inside them, are untouched.
    assertThat(network.oneWayMs(1, 3, 1_000_000)).isEqualTo(healthy13);
    assertThat(network.oneWayMs(1, 1, 1_000_000)).isCloseTo(0.25 + 0.16, within(1e-9));
    network.degrade(2, 1);
    assertThat(network.oneWayMs(0, 2, 1_000_000)).isEqualTo(healthy02);
  }

  @Test
  void sameSeedSameCoordinates() {
    Network a = new Network(CONFIG, 16, new SplittableRandom(7), false);
    Network b = new Network(CONFIG, 16, new SplittableRandom(7), false);
    Network c = new Network(CONFIG, 16, new SplittableRandom(8), false);
    assertThat(a.rttMs(3, 9)).isEqualTo(b.rttMs(3, 9)).isNotEqualTo(c.rttMs(3, 9));
  }
}
