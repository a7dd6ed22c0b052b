package dev.fabricplanner.sim.exec;

import java.util.Locale;

/**
 * Step time from first principles: the FLOPs and bytes one step moves on each GPU of a TP engine,
 * against the GPU's peak figures scaled by {@link RooflineEfficiencies}.
 *
 * <pre>
 * step = overhead + per-request overhead × requests
 *      + max(linear FLOPs / (dense peak × gemm), weight bytes / (HBM × memory))   linear layers + LM head
 *      + prefill attention FLOPs / (BF16 peak × prefillAttention)                  compute-bound
 *      + (decode KV read + new KV written) / (HBM × kvRead)                          memory-bound
 *      + 2 × layers × (link latency + ring all-reduce bytes / link) / link eff.    TP > 1 only
 * </pre>
 *
 * Weights are read once per step, but for an untied input embedding table (a step looks up only
 * its tokens' rows); for a MoE model only the experts the step's tokens touch are read
 * (with T tokens each picking k of E experts at random, E × (1 − (1 − k/E)^T) per layer). Attention
 * runs in BF16 whatever the weights' precision. Every term is divided among the TP GPUs.
 */
public final class RooflineModel implements ExecutionModel {
  private final ModelSpec model;
  private final GpuSpec gpu;
  private final int tp;
  private final RooflineEfficiencies efficiencies;

  // Per-GPU constants, computed once: the hot loop multiplies and adds only.
  private final double msPerLinearToken;
  private final double msPerSampledToken;
  private final double fixedWeightReadMs;
  private final double expertReadMs;
  private final int moeLayers;
  private final double expertPickProbability;
  private final int experts;
  private final double msPerAttentionPair;
  private final double msPerKvToken;
  private final LinkCost allReduce;

  public RooflineModel(ModelSpec model, GpuSpec gpu, int tp, RooflineEfficiencies efficiencies) {
    if (tp < 1) {
      throw new IllegalArgumentException("tp must be >= 1, got " + tp);
    }
    this.model = model;
    this.gpu = gpu;
    this.tp = tp;
    this.efficiencies = efficiencies;
    double flops = gpu.denseFlops(model.weightBytesPerParam()) * efficiencies.gemm();
    double bf16 = gpu.bf16DenseFlops() * efficiencies.prefillAttention();
    double bandwidth = gpu.hbmBandwidth() * efficiencies.memory();
    msPerLinearToken = 1e3 * 2.0 * model.activeLayerParamsPerToken() / tp / flops;
    msPerSampledToken = 1e3 * 2.0 * model.lmHeadParams() / tp / flops;
    double streamedWeights = model.moe().present()
        ? model.weightBytesReadPerStep()
            - model.routedExpertParams() * model.expertWeightBytesPerParam()
        : model.weightBytesReadPerStep();
    fixedWeightReadMs = 1e3 * streamedWeights / tp / bandwidth;
    expertReadMs = 1e3 * model.expertWeightBytes() / tp / bandwidth;
    moeLayers = model.moe().layers();
    experts = model.moe().experts();
    expertPickProbability = experts > 0 ? (double) model.moe().expertsPerToken() / experts : 0;
    msPerAttentionPair = 1e3 * model.attentionFlopsPerPair() * model.layers() / tp / bf16;
    msPerKvToken = 1e3 * model.kvBytesPerTokenPerGpu(tp) / (gpu.hbmBandwidth() * efficiencies.kvRead());
    allReduce = nominalAllReduce(model, gpu, tp, efficiencies);
  }

  /**
   * The TP all-reduces of one step as this model prices them from the catalog GPU's link: two per
   * layer (after attention and after the MLP) of tokens × hidden BF16 values, a ring moving
   * 2 (tp − 1) / tp of the buffer over each GPU's link, the link's latency once per all-reduce.
   * Zero at TP 1. A step model of measured collectives subtracts this and adds the records' price.
   */
  public static LinkCost nominalAllReduce(
      ModelSpec model, GpuSpec gpu, int tp, RooflineEfficiencies efficiencies) {
    if (tp <= 1) {
      return LinkCost.NONE;
    }
    double ringBytesPerToken = 2.0 * (tp - 1) / tp * model.hiddenSize() * 2.0;
    return new LinkCost(
        2.0 * model.layers() * gpu.linkLatencySeconds() * 1e3 / efficiencies.link(),
        2.0 * model.layers() * 1e3 * ringBytesPerToken / (gpu.linkBandwidth() * efficiencies.link()));
  }

  @Override
  public double stepMs(StepBatch batch) {
    if (batch.isEmpty()) {
      return 0;
    }
    long tokens = (long) batch.prefillTokens + batch.decodeSequences;
    int sequences = batch.prefillSequences + batch.decodeSequences;
    double computeMs = msPerLinearToken * tokens + msPerSampledToken * sequences;
    double weightMs = fixedWeightReadMs;
    if (experts > 0) {
      double touched = experts * (1 - Math.pow(1 - expertPickProbability, tokens));
      weightMs += moeLayers * touched * expertReadMs;
    }
    double linearMs = Math.max(computeMs, weightMs);
    double attentionMs = msPerAttentionPair * batch.prefillAttentionPairs
        + msPerKvToken * (batch.decodeContextTokens + tokens);
    double communicationMs = tp > 1 ? allReduce.fixedMs() + allReduce.msPerToken() * tokens : 0;
    return efficiencies.stepOverheadMs() + efficiencies.sequenceOverheadMs() * sequences
        + linearMs + attentionMs + communicationMs;
  }

  /** Milliseconds of linear-layer compute per token once a step is compute-bound. */
  public double msPerComputedToken() {
    return msPerLinearToken;
  }

  /** Milliseconds of prefill attention per query-key pair (compute-bound, all layers). */
  public double msPerAttentionPair() {
    return msPerAttentionPair;
  }

  /** Milliseconds to read this GPU's share of the weights once at full HBM bandwidth: the floor. */
  public double weightReadFloorMs() {
    return 1e3 * model.weightBytesPerGpu(tp) / gpu.hbmBandwidth();
  }

  public ModelSpec model() {
    return model;
  }

  public GpuSpec gpu() {
    return gpu;
  }

  public int tp() {
    return tp;
  }

  public RooflineEfficiencies efficiencies() {
    return efficiencies;
  }

  @Override
  public String describe() {
    return String.format(Locale.ROOT, "roofline %s on %d x %s (%s)", model.name(), tp, gpu.name(),
        efficiencies);
  }
}
