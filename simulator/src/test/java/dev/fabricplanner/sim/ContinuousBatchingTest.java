package dev.fabricplanner.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fabricplanner.sim.config.Distribution;
import dev.fabricplanner.sim.config.GpuCatalog;
import dev.fabricplanner.sim.config.GpuProfile;
import dev.fabricplanner.sim.config.MigConfig;
import dev.fabricplanner.sim.config.MigProfile;
import dev.fabricplanner.sim.config.SignalConfig;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.result.LatencySummary;
import dev.fabricplanner.sim.result.SimulationResult;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The step engine on the profile step model: prefill steps, decode steps growing with batch and
 * context, paged KV with waits, preemptions and rejections, MIG slices, mixed fleets.
 */
class ContinuousBatchingTest {
  static final GpuProfile H100 = TestConfigs.h100(64, 8, 85.9);
  static final double PREFILL_MS_PER_TOKEN = 1000.0 / GpuCatalog.H100.prefillTokensPerS();
  static final double STEP_MS = 1000.0 / GpuCatalog.H100.decodeTokensPerS();
  /** Reading one token of KV: 131,072 B at the HBM bandwidth the weight-read floor implies. */
  static final double CONTEXT_MS_PER_TOKEN =
      GpuCatalog.KV_BYTES_PER_TOKEN * STEP_MS / (GpuCatalog.MODEL_WEIGHTS_GB * 1e9);

  /** Decode steps of a lone request from {@code prompt + 1} tokens of context, {@code steps} of them. */
  static double loneDecodeMs(int prompt, int steps) {
    // Step i reads the prompt, the first token and i generated tokens: prompt + 1 + i.
    double contextTokens = (double) steps * (prompt + 1) + steps * (steps - 1) / 2.0;
    return steps * STEP_MS + contextTokens * CONTEXT_MS_PER_TOKEN;
  }

  static SimulationConfig oneNode(
      double rps, double durationS, Distribution in, Distribution out, GpuProfile gpu, MigConfig mig) {
    return TestConfigs.config(
        11, durationS, 0, TestConfigs.llmWorkload(rps, durationS, in, out), 1, 1, List.of(gpu), mig,
        TestConfigs.NO_NETWORK, SignalConfig.fresh(), Optional.empty());
  }

  /**
   * A request alone on a GPU: its 1,000-token prompt fits one step's budget (TTFT = that prefill
   * step), then 100 batch-1 decode steps, each reading one more token of context.
   */
  @Test
  void aLoneRequestTakesOnePrefillStepPlusDecodeSteps() {
    SimulationResult result =
        TestConfigs.run(
            oneNode(0.01, 20_000, new Distribution.Constant(1000), new Distribution.Constant(101), H100,
                MigConfig.disabled()),
            "random");
    double ttft = 1000 * PREFILL_MS_PER_TOKEN;
    double e2e = ttft + loneDecodeMs(1000, 100);
    assertThat(result.requests().completed()).isGreaterThan(150);
    assertThat(result.ttftMs().get("all").p50()).isCloseTo(ttft, within(ttft * 0.002));
    assertThat(result.latencyMs().get("all").p50()).isCloseTo(e2e, within(e2e * 0.002));
    assertThat(result.ttftMs().get("all").mean()).isLessThan(result.latencyMs().get("all").mean());
    // TPOT: the 100 decode steps over 100 tokens; ITL: every gap is one decode step.
    double tpot = loneDecodeMs(1000, 100) / 100;
    assertThat(result.serving().tpotMs().get("all").p50()).isCloseTo(tpot, within(tpot * 0.002));
    assertThat(result.serving().itlMs().p50()).isCloseTo(tpot, within(tpot * 0.01));
    assertThat(result.serving().preemptions()).isZero();
    assertThat(result.invariantsHold()).as(result.invariants().toString()).isTrue();
  }

  /** Under load the batch grows and every step takes longer: decode time per token rises. */
  @Test
  void decodeSlowsAsTheBatchGrows() {
    Distribution in = new Distribution.Constant(100);
    Distribution out = new Distribution.Constant(201);
    SimulationResult light = TestConfigs.run(oneNode(0.05, 4000, in, out, H100, MigConfig.disabled()), "random");
    SimulationResult heavy = TestConfigs.run(oneNode(30, 200, in, out, H100, MigConfig.disabled()), "random");
    double lightPerToken = (light.serviceMs().get("all").p50() - 100 * PREFILL_MS_PER_TOKEN) / 200;
    double heavyPerToken = (heavy.serviceMs().get("all").mean() - 100 * PREFILL_MS_PER_TOKEN) / 200;
    assertThat(lightPerToken).isCloseTo(loneDecodeMs(100, 200) / 200, within(STEP_MS * 0.01));
    // About 30/s x 1.25 s in flight = some 37 sequences: steps grow by 0.0078 per extra sequence.
    double stepAt64 = STEP_MS * (1 + GpuCatalog.H100.decodeSlowdownPerSeq() * 63);
    assertThat(heavyPerToken).isGreaterThan(STEP_MS * 1.15).isLessThanOrEqualTo(stepAt64 * 1.05);
    assertThat(heavy.gpu().utilization()).isGreaterThan(0.5);
    assertThat(heavy.ttftMs().get("all").p99()).isLessThan(heavy.latencyMs().get("all").p50());
    assertThat(heavy.invariantsHold()).as(heavy.invariants().toString()).isTrue();
  }

  /**
   * VRAM bounds the KV cache: 0.9 x VRAM - weights leaves 0.5 GB, 238 blocks of 16 tokens (3,808
   * tokens at 128 KiB/token), so only three 1,101-token contexts fit at once: prompts wait for blocks
   * (counted), running requests that grow past the free blocks are preempted and recomputed
   * (counted), and a 5,101-token request, which could never fit, is rejected (dropped). Every
   * request balances.
   */
  @Test
  void pagedKvMakesAdmissionWaitPreemptsAndRejects() {
    GpuProfile small = TestConfigs.h100(64, 0, (GpuCatalog.MODEL_WEIGHTS_GB + 0.5) / 0.9);
    Distribution in = new Distribution.Discrete(List.of(1000.0, 5000.0), List.of(0.9, 0.1));
    SimulationResult result =
        TestConfigs.run(oneNode(5, 300, in, new Distribution.Constant(101), small, MigConfig.disabled()), "random");
    SimulationResult roomy =
        TestConfigs.run(oneNode(5, 300, in, new Distribution.Constant(101), H100, MigConfig.disabled()), "random");
    long arrived = result.requests().arrived();
    assertThat(result.admission().kvRejects()).isEqualTo(result.requests().dropped());
    assertThat((double) result.requests().dropped() / arrived).isCloseTo(0.1, within(0.03));
    assertThat(result.admission().kvWaits()).isGreaterThan(arrived / 10);
    assertThat(result.serving().preemptions()).isPositive();
    assertThat(result.serving().preemptedRequests()).isPositive();
    assertThat(result.queueWaitMs().get("all").mean())
        .isGreaterThan(10 * roomy.queueWaitMs().get("all").mean() + 1);
    assertThat(roomy.requests().dropped()).isZero();
    assertThat(roomy.admission().kvWaits()).isZero();
    assertThat(roomy.serving().preemptions()).isZero();
    assertThat(result.gpu().vramUtilization()).isGreaterThan(roomy.gpu().vramUtilization());
    assertThat(result.invariantsHold()).as(result.invariants().toString()).isTrue();
  }

  /** Two MIG slices at half speed each: a lone request takes twice as long; both slices take work. */
  @Test
  void migSlicesServeAtTheirOwnSpeed() {
    long half = H100.tokensPerS() / 2;
    MigConfig mig =
        new MigConfig(true, List.of(new MigProfile("3g.40gb", 0.5, half, 8), new MigProfile("3g.40gb", 0.5, half, 8)));
    Distribution in = new Distribution.Constant(1000);
    Distribution out = new Distribution.Constant(101);
    SimulationResult lone = TestConfigs.run(oneNode(0.01, 20_000, in, out, H100, mig), "random");
    double e2e = 2 * (1000 * PREFILL_MS_PER_TOKEN + loneDecodeMs(1000, 100));
    assertThat(lone.latencyMs().get("all").p50()).isCloseTo(e2e, within(e2e * 0.002));
    // Under load, work spreads over both slices: 16 slots serve what one 8-slot slice could not.
    // 8 requests/s: each holds a place for about a second, more than one 8-place slice could serve.
    SimulationResult loaded = TestConfigs.run(oneNode(8, 200, in, out, H100, mig), "random");
    LatencySummary wait = loaded.queueWaitMs().get("all");
    System.out.println("[mig] 8 req/s on two slices: utilization " + loaded.gpu().utilization()
        + ", queue wait " + wait);
    assertThat(loaded.gpu().utilization()).isGreaterThan(0.5);
    assertThat(wait.p50()).isLessThan(50);
    assertThat(loaded.invariantsHold()).as(loaded.invariants().toString()).isTrue();
  }

  /**
   * Heterogeneous profiles really serve: with round robin over a fleet of H100s and A100s (decode 208.8
   * vs 126.9 tokens/s at batch 1), lone requests take the H100 time on half the nodes and the slower
   * A100 time on the other half, and the fleet's cost sits between the two pure fleets'.
   */
  @Test
  void heterogeneousProfilesEachServeAtTheirOwnSpeed() {
    Distribution in = new Distribution.Constant(1000);
    Distribution out = new Distribution.Constant(101);
    GpuProfile a100 = TestConfigs.a100(64);
    SimulationResult h100Only = TestConfigs.run(fleet(List.of(H100), in, out), "baseline_rr");
    SimulationResult a100Only = TestConfigs.run(fleet(List.of(a100), in, out), "baseline_rr");
    SimulationResult mixed = TestConfigs.run(fleet(List.of(H100, a100), in, out), "baseline_rr");
    double fast = h100Only.serviceMs().get("all").p50();
    double slow = a100Only.serviceMs().get("all").p50();
    assertThat(slow).isGreaterThan(1.5 * fast);
    // Half the requests on each kind: the median sits at the edge, the p95 is the A100 time.
    assertThat(mixed.serviceMs().get("all").mean()).isCloseTo((fast + slow) / 2, within((fast + slow) * 0.01));
    assertThat(mixed.serviceMs().get("all").p95()).isCloseTo(slow, within(slow * 0.01));
    assertThat(mixed.costPer1kTokens())
        .isGreaterThan(a100Only.costPer1kTokens())
        .isLessThan(h100Only.costPer1kTokens());
  }

  private static SimulationConfig fleet(List<GpuProfile> profiles, Distribution in, Distribution out) {
    return TestConfigs.config(
        13, 2000, 0, TestConfigs.llmWorkload(0.2, 2000, in, out), 1, 4, profiles, MigConfig.disabled(),
        TestConfigs.NO_NETWORK, SignalConfig.fresh(), Optional.empty());
  }
}
