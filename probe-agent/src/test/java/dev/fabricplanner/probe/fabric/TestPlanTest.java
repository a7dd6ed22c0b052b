package dev.fabricplanner.probe.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TestPlanTest {
  @Test
  void theFirstSizeWarmsTheJvmUpWithTenTimesTheRoundTrips() {
    TestPlan plan = TestPlan.standard();

    assertThat(plan.latencyWarmupFor(64)).isEqualTo(2000);
    assertThat(plan.latencyWarmupFor(4096)).isEqualTo(200);
    assertThat(plan.capTo(1472).latencyWarmupFor(64)).isEqualTo(2000);
    // Whatever size runs first gets it, not the smallest.
    TestPlan reversed = new TestPlan(java.util.List.of(4096, 64), 100, 7, 10, 2, 8,
        java.util.List.of(1), 4096, false, 1000);
    assertThat(reversed.latencyWarmupFor(4096)).isEqualTo(70);
    assertThat(reversed.latencyWarmupFor(64)).isEqualTo(7);
  }

  @Test
  void largeSizesRunFewerRoundTripsAndWindowsHoldAtMost64MiB() {
    TestPlan plan = TestPlan.standard();

    assertThat(plan.latencyIterationsFor(65536)).isEqualTo(2000);
    assertThat(plan.latencyIterationsFor(1 << 20)).isEqualTo(125);
    assertThat(plan.windowFor(1 << 20)).isEqualTo(64);
    assertThat(plan.windowFor(4 << 20)).isEqualTo(16);
  }
}
