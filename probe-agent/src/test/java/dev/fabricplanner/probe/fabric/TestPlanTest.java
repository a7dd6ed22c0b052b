package dev.fabricplanner.probe.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TestPlanTest {
  @Test
  void theFirstSizeWarmsUpForATimeThatScalesWithThePlan() {
    assertThat(TestPlan.standard().firstSizeWarmup()).isEqualTo(java.time.Duration.ofMillis(200));
    assertThat(TestPlan.quick().firstSizeWarmup()).isEqualTo(java.time.Duration.ofMillis(5));
    TestPlan long_ = new TestPlan(java.util.List.of(64), 100_000, 7, 10, 2, 8,
        java.util.List.of(1), 4096, false, 1000);
    assertThat(long_.firstSizeWarmup()).isEqualTo(java.time.Duration.ofMillis(300));
  }

  @Test
  void laterSizesWarmUpForAQuarterOfTheFirstSizesRateCappedAt50Ms() {
    assertThat(TestPlan.standard().sizeWarmup()).isEqualTo(java.time.Duration.ofMillis(50));
    assertThat(TestPlan.quick().sizeWarmup()).isEqualTo(java.time.Duration.ofNanos(1_250_000));
    TestPlan long_ = new TestPlan(java.util.List.of(64), 100_000, 7, 10, 2, 8,
        java.util.List.of(1), 4096, false, 1000);
    assertThat(long_.sizeWarmup()).isEqualTo(java.time.Duration.ofMillis(50));
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
