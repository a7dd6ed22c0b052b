package dev.fabricplanner.sim.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fabricplanner.sim.config.Arrival;
import dev.fabricplanner.sim.config.Distribution;
import dev.fabricplanner.sim.config.TenantConfig;
import dev.fabricplanner.sim.config.TenantSkew;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Arrival processes, samplers and tenant skew draw what they claim. */
class WorkloadStreamsTest {
  @Test
  void poissonAndMmppArriveAtTheirMeanRates() {
    ArrivalProcess poisson = new ArrivalProcess(new Arrival.Poisson(500), new SplittableRandom(1));
    assertThat(countUntil(poisson, 200_000) / 200.0).isCloseTo(500, within(500 * 0.01));
    Arrival.Mmpp mmpp = new Arrival.Mmpp(3, List.of(100.0, 800.0, 2000.0), List.of(3.0, 3.0, 1.0));
    ArrivalProcess modulated = new ArrivalProcess(mmpp, new SplittableRandom(2));
    // 700 s = 100 full cycles of 7 s: mean rate (300 + 2400 + 2000) / 7 = 671.4/s.
    assertThat(countUntil(modulated, 700_000) / 700.0).isCloseTo(mmpp.meanRps(), within(mmpp.meanRps() * 0.01));
    // Within the third state (6-7 s of a cycle) the rate is 2000/s.
    ArrivalProcess again = new ArrivalProcess(mmpp, new SplittableRandom(3));
    int inHighState = 0;
    for (double t = again.next(); t < 700_000; t = again.next()) {
      if (t % 7000 >= 6000) {
        inHighState++;
      }
    }
    assertThat(inHighState / 100.0).isCloseTo(2000, within(2000 * 0.02));
  }

  private static int countUntil(ArrivalProcess process, double endMs) {
    int n = 0;
    for (double t = process.next(); t < endMs; t = process.next()) {
      n++;
    }
    return n;
  }

  @Test
  void samplersHaveTheConfiguredMeans() {
    List<Distribution> distributions =
        List.of(
            new Distribution.Constant(7),
            new Distribution.Poisson(4),
            new Distribution.Poisson(100),
            new Distribution.LogNormal(6.633, 0.985),
            new Distribution.Exponential(0.5),
            new Distribution.Uniform(224 * 224, 1024 * 1024),
            new Distribution.Normal(0.5, 0.1),
            new Distribution.Discrete(List.of(1.0, 10.0), List.of(3.0, 1.0)));
    SplittableRandom random = new SplittableRandom(4);
    for (Distribution d : distributions) {
      DistributionSampler sampler = new DistributionSampler(d);
      double sum = 0;
      int n = 400_000;
      for (int i = 0; i < n; i++) {
        sum += sampler.sample(random);
      }
      assertThat(sum / n).as(d.toString()).isCloseTo(d.mean(), within(d.mean() * 0.01));
    }
  }

  @Test
  void zipfTenantsFollowOneOverKToTheS() {
    TenantPicker picker = new TenantPicker(new TenantConfig(new TenantSkew.Zipf(1.1), 100));
    SplittableRandom random = new SplittableRandom(6);
    int[] counts = new int[100];
    int n = 1_000_000;
    for (int i = 0; i < n; i++) {
      counts[picker.pick(random)]++;
    }
    double norm = 0;
    for (int k = 1; k <= 100; k++) {
      norm += Math.pow(k, -1.1);
    }
    for (int k : new int[] {1, 2, 10}) {
      double expected = Math.pow(k, -1.1) / norm;
      assertThat(counts[k - 1] / (double) n).isCloseTo(expected, within(expected * 0.03));
    }
  }

  @Test
  void streamsAreIndependentOfEachOtherAndSeeded() {
    RandomStreams streams = new RandomStreams(42);
    assertThat(streams.stream("workload.type").nextLong()).isEqualTo(new RandomStreams(42).stream("workload.type").nextLong());
    assertThat(streams.stream("workload.type").nextLong()).isNotEqualTo(streams.stream("workload.size").nextLong());
    assertThat(new RandomStreams(43).stream("workload.type").nextLong()).isNotEqualTo(streams.stream("workload.type").nextLong());
  }
}
