package dev.fabricplanner.sim.exec;

import dev.fabricplanner.core.json.StrictObject;
import java.util.List;
import java.util.Locale;

/**
 * Reads the architecture out of a Hugging Face config.json object, across the families in the
 * catalog: Llama/Mistral/Qwen/Yi (dense, GQA), Mixtral, Qwen2/3-MoE and gpt-oss (routed experts),
 * Llama 4 (nested text_config, interleaved MoE with a shared expert) and DeepSeek-V3 (MLA, shared
 * experts, first layers dense). A missing field is reported by its JSON pointer.
 */
final class HfModelConfig {
  private HfModelConfig() {}

  /**
   * The model the config describes, or null once a problem is recorded in {@code config}'s problems.
   *
   * @param weightBytesOverride bytes per parameter instead of what quantization_config says, or null
   */
  static ModelSpec read(StrictObject config, String name, List<String> aliases, String source,
      Double weightBytesOverride) {
    StrictObject text = config.has("text_config") ? config.requiredObject("text_config") : config;
    if (text == null) {
      return null;
    }
    Integer layers = text.requiredInt("num_hidden_layers", 1, 10_000);
    Integer hidden = text.requiredInt("hidden_size", 1, 1_000_000);
    Integer heads = text.requiredInt("num_attention_heads", 1, 100_000);
    Integer kvHeads = text.optionalInt("num_key_value_heads", 1, 100_000);
    Integer headDim = text.optionalInt("head_dim", 1, 100_000);
    Integer intermediate = text.requiredInt("intermediate_size", 1, 10_000_000);
    Integer denseIntermediate = text.optionalInt("intermediate_size_mlp", 1, 10_000_000);
    Integer vocab = text.requiredInt("vocab_size", 1, 100_000_000);
    Boolean tied = text.optionalBoolean("tie_word_embeddings");
    if (tied == null && config != text) {
      tied = config.optionalBoolean("tie_word_embeddings");
    }
    ModelSpec.Moe moe = readMoe(text, layers, intermediate, denseIntermediate != null);
    ModelSpec.Mla mla = readMla(text);
    double[] weightBytes = weightBytes(config.has("quantization_config")
        ? config.optionalObject("quantization_config") : null, weightBytesOverride);
    if (layers == null || hidden == null || heads == null || intermediate == null || vocab == null
        || moe == null || mla == null || weightBytes == null) {
      return null;
    }
    if (moe.layers() > layers) {
      text.problem(null, "wanted at most num_hidden_layers (" + layers + ") MoE layers, got "
          + moe.layers());
      return null;
    }
    int dense = denseIntermediate != null ? denseIntermediate : intermediate;
    return new ModelSpec(name, aliases, source, layers, hidden, heads,
        kvHeads != null ? kvHeads : heads, headDim != null ? headDim : hidden / heads, dense, vocab,
        tied != null && tied, moe, mla, weightBytes[0], weightBytes[1], 2.0);
  }

  private static ModelSpec.Moe readMoe(
      StrictObject text, Integer layers, Integer intermediate, boolean llama4) {
    String expertsField = text.has("num_local_experts") ? "num_local_experts"
        : text.has("n_routed_experts") ? "n_routed_experts"
        : text.has("num_experts") ? "num_experts" : null;
    if (expertsField == null) {
      return ModelSpec.Moe.NONE;
    }
    Integer experts = text.requiredInt(expertsField, 0, 1_000_000);
    if (experts != null && experts <= 1) {
      return ModelSpec.Moe.NONE;
    }
    Integer perToken = text.requiredInt("num_experts_per_tok", 1, 1_000_000);
    text.optionalInt("experts_per_token", 1, 1_000_000); // gpt-oss repeats num_experts_per_tok
    Integer expertWidth = text.optionalInt("moe_intermediate_size", 1, 10_000_000);
    if (expertWidth == null) {
      expertWidth = intermediate;
    }
    int shared = 0;
    Integer sharedWidth = 0;
    if (text.has("n_shared_experts")) { // DeepSeek: shared experts as wide as a routed one
      Integer n = text.requiredInt("n_shared_experts", 0, 1_000);
      shared = n == null ? 0 : n;
      sharedWidth = expertWidth;
    } else if (text.has("shared_expert_intermediate_size")) { // Qwen2-MoE
      shared = 1;
      sharedWidth = text.requiredInt("shared_expert_intermediate_size", 1, 10_000_000);
    } else if (llama4) { // Llama 4: one shared expert per MoE layer, as wide as a routed one
      shared = 1;
      sharedWidth = expertWidth;
    }
    Integer moeLayers = layers;
    if (text.has("first_k_dense_replace")) {
      Integer firstDense = text.requiredInt("first_k_dense_replace", 0, 10_000);
      moeLayers = layers == null || firstDense == null ? null : layers - firstDense;
    } else if (text.has("interleave_moe_layer_step")) {
      Integer step = text.requiredInt("interleave_moe_layer_step", 1, 10_000);
      moeLayers = layers == null || step == null ? null : layers / step;
    } else if (text.has("decoder_sparse_step")) {
      Integer step = text.requiredInt("decoder_sparse_step", 1, 10_000);
      moeLayers = layers == null || step == null ? null : layers / step;
    }
    if (experts == null || perToken == null || expertWidth == null || sharedWidth == null
        || moeLayers == null) {
      return null;
    }
    return new ModelSpec.Moe(experts, perToken, expertWidth, shared, sharedWidth, moeLayers);
  }

  private static ModelSpec.Mla readMla(StrictObject text) {
    if (!text.has("kv_lora_rank")) {
      return ModelSpec.Mla.NONE;
    }
    Integer kvRank = text.requiredInt("kv_lora_rank", 1, 1_000_000);
    Integer qRank = text.optionalInt("q_lora_rank", 1, 1_000_000);
    Integer nope = text.requiredInt("qk_nope_head_dim", 1, 100_000);
    Integer rope = text.requiredInt("qk_rope_head_dim", 1, 100_000);
    Integer v = text.requiredInt("v_head_dim", 1, 100_000);
    if (kvRank == null || nope == null || rope == null || v == null) {
      return null;
    }
    return new ModelSpec.Mla(qRank == null ? 0 : qRank, kvRank, nope, rope, v);
  }

  /** Bytes per non-expert and per routed-expert parameter, from any quantization_config. */
  private static double[] weightBytes(StrictObject quantization, Double override) {
    // vLLM serves float32 checkpoints in 16 bits by default, so every unquantized model takes 2 B,
    // whatever its dtype says.
    double base = 2.0;
    if (override != null) {
      return new double[] {override, override};
    }
    if (quantization == null) {
      return new double[] {base, base};
    }
    String method = quantization.optionalString("quant_method");
    String format = quantization.optionalString("format");
    Integer bits = quantization.optionalInt("bits", 1, 64);
    if (method == null) {
      return new double[] {base, base};
    }
    switch (method.toLowerCase(Locale.ROOT)) {
      case "fp8":
        return new double[] {1.0, 1.0};
      case "mxfp4": // gpt-oss: experts in MXFP4, attention and the rest in BF16
        return new double[] {base, 4.25 / 8};
      case "compressed-tensors":
        if (format != null && format.contains("float")) {
          return new double[] {1.0, 1.0};
        }
        if (format != null && format.contains("pack")) {
          return new double[] {0.5, 0.5};
        }
        return new double[] {1.0, 1.0};
      case "awq":
      case "gptq":
        double b = (bits == null ? 4 : bits) / 8.0;
        return new double[] {b, b};
      default:
        quantization.problem("quant_method", "wanted fp8, mxfp4, compressed-tensors, awq or gptq"
            + " (or add the model to the simulator's models.json with weight_bytes_per_param),"
            + " got \"" + method + "\"");
        return null;
    }
  }
}
