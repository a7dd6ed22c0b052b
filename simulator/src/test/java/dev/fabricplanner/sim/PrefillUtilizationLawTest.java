package dev.fabricplanner.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fabricplanner.sim.config.Distribution;
import dev.fabricplanner.sim.config.GpuCatalog;
import dev.fabricplanner.sim.config.GpuProfile;
import dev.fabricplanner.sim.config.MigConfig;
import dev.fabricplanner.sim.config.ServiceModel;
import dev.fabricplanner.sim.config.SignalConfig;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.result.SimulationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Prefill busy against the utilization law: in a stable system that drops nothing, a stage with
 * {@code c} servers is busy a fraction {@code rho = lambda x E[S] / c} of the time, whatever the
 * routing, the queueing discipline or the service-time distribution. Here {@code E[S]} is the mean
 * prompt length times the profile's ms per prompt token. With the step engine prefill busy is the
 * prefill part of each step's time, and one GPU serves prefill and decode in turn, so the system is
 * stable only while both together fit: rho stays at or below 0.7 (at 0.85 the decodes overload it).
 * Replications, the Student-t interval and
 * the printed line follow {@link QueueingTheoryValidationTest}; warm-up is 10% of each run.
 */
class PrefillUtilizationLawTest {
  static final int REPLICATIONS = 20;
  static final double CONFIDENCE = 0.99;
  static final int NODES = 4;
  static final double DURATION_S = 300;

  /** Prompts of three sizes, a wide spread: mean 1,254.4 tokens, exact (whole tokens already). */
  static final Distribution PROMPTS =
      new Distribution.Discrete(List.of(256.0, 1024.0, 4096.0), List.of(0.5, 0.3, 0.2));

  static final GpuProfile H100 = TestConfigs.h100(64, 8, 85.9);
  static final GpuProfile A100 = TestConfigs.a100(64);

  static double prefillMs(GpuCatalog.GpuDefaults gpu) {
    return PROMPTS.mean() * 1000.0 / gpu.prefillTokensPerS();
  }

  static SimulationConfig fleet(long seed, double rps, List<GpuProfile> profiles) {
    return TestConfigs.config(
        seed, DURATION_S, DURATION_S / 10,
        TestConfigs.llmWorkload(rps, DURATION_S, PROMPTS, new Distribution.Constant(16)),
        1, NODES, profiles, MigConfig.disabled(), TestConfigs.NO_NETWORK, SignalConfig.fresh(),
        Optional.empty());
  }

  private static List<SimulationResult> replications(double rps, List<GpuProfile> profiles) {
    List<SimulationResult> results = new ArrayList<>();
    for (int i = 0; i < REPLICATIONS; i++) {
      SimulationResult result = TestConfigs.run(fleet(2000 + i, rps, profiles), "random");
      assertThat(result.invariantsHold()).as(result.invariants().toString()).isTrue();
      // The law needs every request served: nothing dropped for want of KV cache.
      assertThat(result.requests().dropped()).isZero();
      results.add(result);
    }
    return results;
  }

  private static ReplicationStats stats(
      List<SimulationResult> results, ToDoubleFunction<SimulationResult> figure) {
    return ReplicationStats.of(results.stream().mapToDouble(figure).toArray(), CONFIDENCE);
  }

  private static void check(String what, ReplicationStats stats, double theory) {
    String line = stats.describe(what, theory);
    System.out.println("[validation] " + line);
    assertThat(stats.contains(theory)).as(line).isTrue();
  }

  /** One profile, four H100s: prefill busy = lambda x E[prompt] x ms/token / 4. */
  @ParameterizedTest
  @ValueSource(doubles = {0.3, 0.5, 0.7})
  void fleetPrefillBusyFollowsTheUtilizationLaw(double rho) {
    double rps = rho * NODES / (prefillMs(GpuCatalog.H100) / 1000);
    ReplicationStats stats = stats(replications(rps, List.of(H100)), r -> r.gpu().prefillBusy());
    check("prefill busy, 4 x H100, rho=" + rho, stats, rho);
  }

  /**
   * Two H100s and two A100s behind random routing: each node gets lambda / 4, so each profile's
   * prefill busy is lambda / 4 x its own mean prefill time. The slower A100s run some 3.6 times
   * hotter, and the busiest-profile figure is theirs.
   */
  @Test
  void eachProfileFollowsTheLawAndTheBusiestIsTheSlowest() {
    double aRho = 0.7;
    double rps = aRho * NODES / (prefillMs(GpuCatalog.A100) / 1000);
    double hRho = rps / NODES * prefillMs(GpuCatalog.H100) / 1000;
    List<SimulationResult> results = replications(rps, List.of(H100, A100));
    check("prefill busy, A100 of 2 x H100 + 2 x A100", stats(results,
        r -> r.gpu().prefillBusyByProfile().get("A100")), aRho);
    check("prefill busy, H100 of 2 x H100 + 2 x A100", stats(results,
        r -> r.gpu().prefillBusyByProfile().get("H100")), hRho);
    for (SimulationResult result : results) {
      Map<String, Double> byProfile = result.gpu().prefillBusyByProfile();
      assertThat(byProfile.keySet()).containsExactly("H100", "A100");
      assertThat(result.gpu().busiestPrefill()).isEqualTo(byProfile.get("A100"));
      // Two servers each: the fleet figure is the plain mean of the two profiles'.
      double mean = (byProfile.get("A100") + byProfile.get("H100")) / 2;
      assertThat(result.gpu().prefillBusy()).isCloseTo(mean, within(1e-12));
    }
  }

  /** A validation run (service_model) has no prefill stage: nothing is ever prefilling. */
  @Test
  void plainServiceRunsHaveNoPrefill() {
    SimulationResult result =
        TestConfigs.run(
            TestConfigs.queueing(3, 2, 1, 1000, 1.0,
                ServiceModel.Kind.EXPONENTIAL, 5, 0.5),
            "random");
    assertThat(result.gpu().utilization()).isGreaterThan(0.3);
    assertThat(result.gpu().prefillBusy()).isZero();
    assertThat(result.gpu().prefillBusyByProfile()).containsExactly(Map.entry("H100", 0.0));
  }
}
