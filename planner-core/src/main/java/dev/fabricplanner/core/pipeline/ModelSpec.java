package dev.fabricplanner.core.pipeline;

/**
 * The model a pipeline runs, as far as transport planning needs it.
 *
 * @param name for people
 * @param layers transformer layers
 * @param hiddenSize hidden dimension: a token's activations between stages are hiddenSize x dtype bytes
 * @param dtype activation element type
 * @param kvBytesPerToken KV-cache bytes per token over all layers (2 x layers x kv_heads x head_dim x
 *     bytes)
 * @param weightsBytes weights of the whole model, used to place stages under VRAM limits
 */
public record ModelSpec(
    String name, int layers, int hiddenSize, Dtype dtype, long kvBytesPerToken, long weightsBytes) {

  /**
   * Llama-3.1-70B in BF16 (80 layers, hidden 8192, 8 KV heads x 128: 327,680 B/token, 141.1 GB of
   * weights; /work/shared/data/gpu-serving-profiles.md section 2), used when no pipeline is given.
   */
  public static final ModelSpec REFERENCE =
      new ModelSpec("Llama-3.1-70B", 80, 8192, Dtype.BF16, 327_680, 141_100_000_000L);

  public long activationBytesPerToken() {
    return (long) hiddenSize * dtype.bytes();
  }

  /** KV bytes per token for a share of the layers. */
  public long kvBytesPerToken(int stageLayers) {
    return Math.round((double) kvBytesPerToken * stageLayers / layers);
  }

  /** Weight bytes for a share of the layers. */
  public long weightsBytes(int stageLayers) {
    return Math.round((double) weightsBytes * stageLayers / layers);
  }
}
