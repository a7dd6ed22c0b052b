package dev.fabricplanner.sim.exec;

import java.util.List;

/**
 * A served model's architecture, as read from its Hugging Face config.json: what the roofline and the
 * KV capacity need. Parameter counts are derived from the shapes (gated MLPs, biases and norms left
 * out: under 0.1 % of any catalog model), so they are checkable against the published totals.
 *
 * @param name the Hugging Face id, e.g. meta-llama/Llama-2-7b-hf
 * @param source where the figures come from: the config.json URL, or the file a user pointed at
 * @param headDim per attention head (config's head_dim, else hidden_size / heads)
 * @param intermediateSize the dense MLP's width (for MoE models, the width of their dense layers)
 * @param moe routed experts, or {@link Moe#NONE} for a dense model
 * @param mla multi-head latent attention (DeepSeek), or {@link Mla#NONE}
 * @param weightBytesPerParam bytes per non-expert parameter (2 for BF16/FP16, 1 for FP8)
 * @param expertWeightBytesPerParam bytes per routed-expert parameter (0.53125 for MXFP4: 4 bits plus
 *     one 8-bit scale per 32 values)
 * @param kvBytesPerElement bytes per cached K or V element (2 unless the KV cache is quantized)
 */
public record ModelSpec(
    String name,
    List<String> aliases,
    String source,
    int layers,
    int hiddenSize,
    int attentionHeads,
    int kvHeads,
    int headDim,
    int intermediateSize,
    int vocabSize,
    boolean tiedEmbeddings,
    Moe moe,
    Mla mla,
    double weightBytesPerParam,
    double expertWeightBytesPerParam,
    double kvBytesPerElement) {

  public ModelSpec {
    aliases = List.copyOf(aliases);
    if (moe.layers() > layers) {
      throw new IllegalArgumentException(name + ": " + moe.layers() + " MoE layers of " + layers);
    }
  }

  /**
   * Routed experts of a mixture-of-experts model.
   *
   * @param intermediateSize one routed expert's MLP width
   * @param sharedExperts always-on experts per MoE layer (DeepSeek, Llama 4, Qwen2-MoE)
   * @param sharedIntermediateSize one shared expert's MLP width
   * @param layers how many layers are MoE (the rest use the dense MLP)
   */
  public record Moe(
      int experts,
      int expertsPerToken,
      int intermediateSize,
      int sharedExperts,
      int sharedIntermediateSize,
      int layers) {
    public static final Moe NONE = new Moe(0, 0, 0, 0, 0, 0);

    public boolean present() {
      return experts > 0;
    }
  }

  /**
   * Multi-head latent attention: the KV cache holds one compressed latent of {@code kvLoraRank} plus
   * the shared rotary key, per token and layer, instead of K and V per head.
   */
  public record Mla(
      int qLoraRank, int kvLoraRank, int qkNopeHeadDim, int qkRopeHeadDim, int vHeadDim) {
    public static final Mla NONE = new Mla(0, 0, 0, 0, 0);

    public boolean present() {
      return kvLoraRank > 0;
    }
  }

  /** Parameters of one layer's attention projections. */
  public long attentionParamsPerLayer() {
    long h = hiddenSize;
    if (mla.present()) {
      long qHead = (long) mla.qkNopeHeadDim() + mla.qkRopeHeadDim();
      long q = mla.qLoraRank() > 0
          ? h * mla.qLoraRank() + (long) mla.qLoraRank() * attentionHeads * qHead
          : h * attentionHeads * qHead;
      long kvDown = h * (mla.kvLoraRank() + mla.qkRopeHeadDim());
      long kvUp = (long) mla.kvLoraRank() * attentionHeads * (mla.qkNopeHeadDim() + mla.vHeadDim());
      long out = (long) attentionHeads * mla.vHeadDim() * h;
      return q + kvDown + kvUp + out;
    }
    long qAndOut = 2L * h * attentionHeads * headDim;
    long kAndV = 2L * h * kvHeads * headDim;
    return qAndOut + kAndV;
  }

  /** Layers that use the dense MLP. */
  public int denseLayers() {
    return layers - moe.layers();
  }

  private long denseMlpParams() {
    return 3L * hiddenSize * intermediateSize; // gate, up and down projections
  }

  private long expertParams() {
    return 3L * hiddenSize * moe.intermediateSize();
  }

  /** Parameters every token of a MoE layer uses besides its routed experts: shared experts, router. */
  private long moeFixedParamsPerLayer() {
    return (long) moe.sharedExperts() * 3L * hiddenSize * moe.sharedIntermediateSize()
        + (long) hiddenSize * moe.experts();
  }

  /** Parameters of the routed experts, all layers. */
  public long routedExpertParams() {
    return (long) moe.layers() * moe.experts() * expertParams();
  }

  /** The LM head's parameters (vocabulary × hidden), which every sampled token multiplies by. */
  public long lmHeadParams() {
    return (long) vocabSize * hiddenSize;
  }

  /** All parameters: embeddings, LM head (unless tied), attention, MLPs, experts. */
  public long totalParams() {
    long embeddings = (long) vocabSize * hiddenSize * (tiedEmbeddings ? 1 : 2);
    return embeddings
        + (long) layers * attentionParamsPerLayer()
        + (long) denseLayers() * denseMlpParams()
        + (long) moe.layers() * moeFixedParamsPerLayer()
        + routedExpertParams();
  }

  /**
   * Parameters one token multiplies by in the transformer layers (attention, dense MLP, shared and
   * its {@code expertsPerToken} routed experts), LM head and embedding lookup excluded.
   */
  public long activeLayerParamsPerToken() {
    return (long) layers * attentionParamsPerLayer()
        + (long) denseLayers() * denseMlpParams()
        + (long) moe.layers() * (moeFixedParamsPerLayer() + (long) moe.expertsPerToken() * expertParams());
  }

  /** Active parameters per generated token: the layers plus the LM head. */
  public long activeParamsPerToken() {
    return activeLayerParamsPerToken() + lmHeadParams();
  }

  /** Bytes of all weights, each part in its own precision. */
  public double weightBytes() {
    long routed = routedExpertParams();
    return (totalParams() - routed) * weightBytesPerParam + routed * expertWeightBytesPerParam;
  }

  /**
   * Bytes of weights a step streams from HBM (dense part; a MoE model's routed experts are priced by
   * the roofline by how many its tokens touch): all weights but an untied input embedding table, of
   * which a step looks up only its tokens' rows. A tied table is read whole as the LM head.
   */
  public double weightBytesReadPerStep() {
    double embeddingTable = tiedEmbeddings ? 0 : (double) vocabSize * hiddenSize * weightBytesPerParam;
    return weightBytes() - embeddingTable;
  }

  /** Bytes of weights one GPU holds under tensor parallelism over {@code tp} GPUs. */
  public double weightBytesPerGpu(int tp) {
    return weightBytes() / tp;
  }

  /** Bytes of non-expert weights (read in full every step) and of one routed expert's weights. */
  public double nonExpertWeightBytes() {
    return (totalParams() - routedExpertParams()) * weightBytesPerParam;
  }

  /** Bytes of one routed expert in one layer. */
  public double expertWeightBytes() {
    return expertParams() * expertWeightBytesPerParam;
  }

  /** KV-cache bytes one token takes in the whole model (all layers, all KV heads). */
  public double kvBytesPerToken() {
    if (mla.present()) {
      return (double) layers * (mla.kvLoraRank() + mla.qkRopeHeadDim()) * kvBytesPerElement;
    }
    return 2.0 * layers * kvHeads * headDim * kvBytesPerElement;
  }

  /**
   * KV-cache bytes one token takes on each GPU of a {@code tp}-way engine: KV heads are split across
   * the GPUs but never below one per GPU (vLLM replicates them when TP exceeds the KV heads), and an
   * MLA latent is replicated on every GPU.
   */
  public double kvBytesPerTokenPerGpu(int tp) {
    if (mla.present()) {
      return kvBytesPerToken();
    }
    int headsPerGpu = (kvHeads + tp - 1) / tp;
    return 2.0 * layers * headsPerGpu * headDim * kvBytesPerElement;
  }

  /** FLOPs per layer for one query-key pair of attention: scores plus weighted sum of values. */
  public double attentionFlopsPerPair() {
    if (mla.present()) {
      return 2.0 * attentionHeads * (mla.qkNopeHeadDim() + mla.qkRopeHeadDim())
          + 2.0 * attentionHeads * mla.vHeadDim();
    }
    return 4.0 * attentionHeads * headDim;
  }
}
