package dev.fabricplanner.sim.exec;

import java.util.Locale;

/**
 * The fractions of peak a real engine reaches, and its fixed costs: the roofline's only free
 * parameters. One set serves every model × GPU × TP, so that a model, GPU or TP degree absent from the
 * calibration runs is still priced from its architecture and the GPU's datasheet.
 *
 * @param gemm fraction of dense tensor FLOP/s the linear layers reach when compute-bound
 * @param memory fraction of HBM bandwidth reached reading weights
 * @param kvRead fraction of HBM bandwidth decode attention reaches reading the KV cache (paged,
 *     scattered blocks: lower than a weight stream)
 * @param prefillAttention fraction of BF16 FLOP/s prefill attention (flash attention) reaches
 * @param link fraction of the intra-host link's nominal performance (latency and bandwidth) an
 *     all-reduce reaches
 * @param stepOverheadMs fixed cost of one step: scheduling, input preparation, launch, sampling
 * @param sequenceOverheadMs cost per request in the step (sampling, output processing)
 */
public record RooflineEfficiencies(
    double gemm,
    double memory,
    double kvRead,
    double prefillAttention,
    double link,
    double stepOverheadMs,
    double sequenceOverheadMs) {

  /**
   * Starting values before any fit: GEMM 0.6 and memory 0.75 are what vidur's H100 profiles of
   * Llama-2-7B show (gpu-serving-profiles.md §3b: 2,048-token MLP at 67 % of BF16 peak; batch-1 at
   * 72 % of the weight-read floor); KV read 0.5; flash attention 0.4; link 0.8 (vidur's 32 MiB TP4
   * all-reduce, §7); 1.5 ms per step and 0.02 ms per request of engine overhead.
   */
  public static final RooflineEfficiencies DEFAULTS =
      new RooflineEfficiencies(0.60, 0.75, 0.50, 0.40, 0.80, 1.5, 0.02);

  public RooflineEfficiencies {
    check("gemm", gemm);
    check("memory", memory);
    check("kvRead", kvRead);
    check("prefillAttention", prefillAttention);
    check("link", link);
    if (!(stepOverheadMs >= 0) || !(sequenceOverheadMs >= 0)) {
      throw new IllegalArgumentException("overheads must be >= 0: " + stepOverheadMs + ", "
          + sequenceOverheadMs);
    }
  }

  private static void check(String name, double fraction) {
    if (!(fraction > 0 && fraction <= 1.5)) {
      throw new IllegalArgumentException(name + " efficiency must be in (0, 1.5], got " + fraction);
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT,
        "gemm %.3f, memory %.3f, KV read %.3f, prefill attention %.3f, link %.3f, step %.3f ms,"
            + " per request %.4f ms",
        gemm, memory, kvRead, prefillAttention, link, stepOverheadMs, sequenceOverheadMs);
  }
}
