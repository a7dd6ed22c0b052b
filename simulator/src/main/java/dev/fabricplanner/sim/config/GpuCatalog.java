package dev.fabricplanner.sim.config;

import java.util.List;
import java.util.Locale;

/**
 * Defaults for the GPU-profile fields mesh-sim lacks, per GPU, for one reference model:
 * Llama-3.1-8B in BF16 on one GPU (TP1; weights 16.1 GB, KV 131,072 B per token). A profile whose
 * name starts with an entry's name (case-insensitive: "H100-80G" matches H100) takes that entry's
 * defaults; any other name takes H100's. Every figure is from
 * /work/shared/data/gpu-serving-profiles.md ("§" = its section); (d) marks a figure derived there
 * or here, with the formula in docs/CONFIG.md.
 */
public final class GpuCatalog {

  /** The defaults for one GPU. */
  public record GpuDefaults(
      String name,
      double vramTotalGb,
      double prefillTokensPerS,
      double decodeTokensPerS,
      double decodeSlowdownPerSeq,
      int concurrency,
      double pricePerHour) {

    /**
     * Aggregate decode throughput with a full batch (d): concurrency x batch-1 rate / step growth.
     * Used as mesh-sim's {@code tokens_per_s} when a profile leaves it out.
     */
    public long tokensPerS() {
      return fullBatchTokensPerS(concurrency, decodeTokensPerS, decodeSlowdownPerSeq);
    }
  }

  /** Llama-3.1-8B BF16 weights: 2 B x 8.03 B params (§2). */
  public static final double MODEL_WEIGHTS_GB = 16.1;

  /** Llama-3.1-8B KV cache per token: 2 x 32 layers x 8 KV heads x 128 x 2 B (§2). */
  public static final long KV_BYTES_PER_TOKEN = 131_072;

  /** Mean prompt + output tokens of the Azure 2023 conversation trace: 1,154.7 + 211.1 (§6). */
  public static final double MEAN_CONTEXT_TOKENS = 1_365.8;

  /**
   * H100 SXM: 80 GiB = 85.9 GB (§1); batch-1 decode 1000 / 4.79 ms weight-read floor (§3d); prefill
   * 50,663 tok/s at 2,048 tokens (§3b, Llama-2-7B, the closest profiled model); step growth (36.9 /
   * 29.7 - 1) / 31 = 0.0078 per sequence (d, §3a Llama-2-70B TP4, B=1 to 32); 342 sequences fit
   * (§2); $4.25/h (§8, CoreWeave via vidur, Feb 2024).
   */
  public static final GpuDefaults H100 =
      new GpuDefaults("H100", 85.9, 50_663, 208.8, 0.0078, 342, 4.25);

  /**
   * A100 SXM 80GB: 85.9 GB (§1); decode 1000 / 7.88 ms (§3d); prefill 14,254 tok/s (§3b,
   * Llama-3-8B); step growth (52.3 / 45.0 - 1) / 31 = 0.0052 (d, §3a A100 TP4); 342 sequences (§2);
   * $2.21/h (§8, CoreWeave via vidur).
   */
  public static final GpuDefaults A100 =
      new GpuDefaults("A100", 85.9, 14_254, 126.9, 0.0052, 342, 2.21);

  /**
   * L40S: 48 GiB = 51.5 GB (§1); decode 1000 / 18.59 ms (§3d); prefill (d) = H100's 50,663 x
   * (362.05 x 0.32) / (989.5 x 0.45), BF16 TFLOPS times fitted prefill MFU (§1) = 13,182; step
   * growth assumed as H100 (no batch sweep in the sources); 169 sequences (§2); $2.25/h (§8,
   * CoreWeave via modal.com).
   */
  public static final GpuDefaults L40S =
      new GpuDefaults("L40S", 51.5, 13_182, 53.8, 0.0078, 169, 2.25);

  /**
   * H200 SXM: 141 GB (§1); decode 1000 / 3.35 ms (§3d); prefill as H100 (same GH100 die and BF16
   * TFLOPS, §1); step growth assumed as H100; 619 sequences (§2); $5.408/h (§8, AWS Capacity
   * Blocks).
   */
  public static final GpuDefaults H200 =
      new GpuDefaults("H200", 141.0, 50_663, 298.5, 0.0078, 619, 5.408);

  /**
   * B200: 180 GB (§1); decode 1000 / 2.01 ms (§3d); prefill (d) = 50,663 x 2,250 / 989.5 BF16
   * TFLOPS (§1) = 115,200; step growth assumed as H100; 815 sequences (§2); $5.25/h (d, middle of
   * 4.50-6.00, §8 lyceum.technology).
   */
  public static final GpuDefaults B200 =
      new GpuDefaults("B200", 180.0, 115_200, 497.5, 0.0078, 815, 5.25);

  /** Longest names first, so that a prefix never shadows a longer one. */
  public static final List<GpuDefaults> ENTRIES = List.of(L40S, H100, A100, H200, B200);

  /** Where each default of an entry comes from, as comments for the generated examples. */
  public record Sources(
      String vram,
      String prefill,
      String decode,
      String slowdown,
      String concurrency,
      String price) {}

  private static final String STEP_GROWTH_H100 =
      "(36.9 / 29.7 - 1) / 31: H100 Llama-2-70B TP4 step 29.7 ms at B=1, 36.9 ms at B=32 (§3a) (d)";
  private static final String STEP_GROWTH_ASSUMED =
      "assumed as H100's "
          + STEP_GROWTH_H100.substring(0, STEP_GROWTH_H100.indexOf(':'))
          + " (no batch sweep for this GPU in the sources)";

  /** The sources of {@code entry}'s defaults (§ = section of gpu-serving-profiles.md). */
  public static Sources sourcesOf(GpuDefaults entry) {
    return switch (entry.name()) {
      case "A100" ->
          new Sources(
              "80 GiB = 85.9 GB (§1)",
              "Llama-3-8B, 2,048 tokens: 133.5 ms -> 14,254 tok/s (vidur profiling, §3b)",
              "1000 / 7.88 ms, Llama-3.1-8B weight-read floor at B=1 (§3d)",
              "(52.3 / 45.0 - 1) / 31: A100 Llama-2-70B TP4 step 45.0 ms at B=1, 52.3 ms at B=32"
                  + " (§3a) (d)",
              "Llama-3.1-8B TP1: 467k KV tokens -> 342 sequences of 1,366 tokens (§2)",
              "CoreWeave via vidur constants.py, 7 Feb 2024 (§8)");
      case "L40S" ->
          new Sources(
              "48 GiB = 51.5 GB (§1)",
              "H100's 50,663 x (362.05 TFLOPS x 0.32 MFU) / (989.5 x 0.45) (§1, §3b) (d)",
              "1000 / 18.59 ms, Llama-3.1-8B weight-read floor at B=1 (§3d)",
              STEP_GROWTH_ASSUMED,
              "Llama-3.1-8B TP1: 231k KV tokens -> 169 sequences (§2)",
              "CoreWeave via modal.com L40S blog, 12 Aug 2025 (§8)");
      case "H200" ->
          new Sources(
              "141 GB HBM3e (§1)",
              "as H100: same GH100 die, same 989 BF16 TFLOPS (§1) (d)",
              "1000 / 3.35 ms, Llama-3.1-8B weight-read floor at B=1 (§3d)",
              STEP_GROWTH_ASSUMED,
              "Llama-3.1-8B TP1: 846k KV tokens -> 619 sequences (§2)",
              "AWS EC2 Capacity Blocks (§8)");
      case "B200" ->
          new Sources(
              "180 GB HBM3e (§1)",
              "H100's 50,663 x 2,250 / 989.5 BF16 TFLOPS (§1) (d)",
              "1000 / 2.01 ms, Llama-3.1-8B weight-read floor at B=1 (§3d)",
              STEP_GROWTH_ASSUMED,
              "Llama-3.1-8B TP1: 1,113k KV tokens -> 815 sequences (§2)",
              "middle of 4.50-6.00, lyceum.technology, 11 Mar 2026 (§8) (d)");
      default ->
          new Sources(
              "80 GiB = 85.9 GB (§1)",
              "Llama-2-7B, 2,048 tokens: 40.4 ms -> 50,663 tok/s (vidur profiling, §3b)",
              "1000 / 4.79 ms, Llama-3.1-8B weight-read floor at B=1 (§3d)",
              STEP_GROWTH_H100,
              "Llama-3.1-8B TP1: 467k KV tokens -> 342 sequences of 1,366 tokens (§2)",
              "CoreWeave via vidur constants.py, 7 Feb 2024 (§8)");
    };
  }

  private GpuCatalog() {}

  /** The entry whose name starts the profile name, else H100 (the reference GPU). */
  public static GpuDefaults forProfileName(String profileName) {
    String upper = profileName.toUpperCase(Locale.ROOT);
    for (GpuDefaults entry : ENTRIES) {
      if (upper.startsWith(entry.name())) {
        return entry;
      }
    }
    return H100;
  }

  /** Decode throughput of a full batch: concurrency x batch-1 rate / step growth at that batch. */
  public static long fullBatchTokensPerS(
      int concurrency, double decodeTokensPerS, double slowdown) {
    return Math.round(concurrency * decodeTokensPerS / (1 + slowdown * (concurrency - 1)));
  }

  /** mesh-sim's per-request KV size for the reference model (d): bytes per token x mean context. */
  public static double kvCacheGbPerRequest(long kvBytesPerToken) {
    return Math.round(kvBytesPerToken * MEAN_CONTEXT_TOKENS / 1e6) / 1e3;
  }
}
