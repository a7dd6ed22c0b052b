package dev.fabricplanner.sim.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import dev.fabricplanner.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The catalog's derived sizes against the totals each model's publisher states. */
class ModelCatalogTest {
  private final ModelCatalog catalog = ModelCatalog.builtIn();

  /**
   * Published parameter counts (model cards), billions: total and active per token, and whether
   * the publisher's active count includes the input embedding (OpenAI's gpt-oss figures do not).
   */
  @ParameterizedTest
  @CsvSource({
    "meta-llama/Llama-2-7b-hf, 6.74, 6.74, true",
    "llama-2-13b, 13.0, 13.0, true",
    "llama-2-70b, 69.0, 69.0, true",
    "llama-3.1-8b, 8.03, 8.03, true",
    "llama-3.1-70b, 70.6, 70.6, true",
    "llama-3.1-405b, 405.9, 405.9, true",
    "llama-3.3-70b, 70.6, 70.6, true",
    "llama-4-scout, 107.8, 17.2, true",
    "llama-4-maverick, 396.0, 17.2, true",
    "codellama-34b, 33.7, 33.7, true",
    "mistral-7b, 7.25, 7.25, true",
    "mistral-nemo, 12.2, 12.2, true",
    "mixtral-8x7b, 46.7, 12.9, true",
    "mixtral-8x22b, 140.6, 39.1, true",
    "qwen2.5-7b, 7.62, 7.62, true",
    "qwen2.5-14b, 14.7, 14.7, true",
    "qwen2.5-32b, 32.5, 32.5, true",
    "qwen2.5-72b, 72.7, 72.7, true",
    "qwen3-8b, 8.2, 8.2, true",
    "qwen3-14b, 14.8, 14.8, true",
    "qwen3-32b, 32.8, 32.8, true",
    "qwen3-30b-a3b, 30.5, 3.3, true",
    "qwen3-235b-a22b, 235.0, 22.0, true",
    "yi-34b, 34.4, 34.4, true",
    "gpt-oss-120b, 116.8, 5.1, false",
    "gpt-oss-20b, 20.9, 3.6, false",
    "deepseek-v3, 671.0, 37.0, true"
  })
  void parameterCountsMatchThePublishedTotals(
      String name, double totalB, double activeB, boolean embeddingCounted)
      throws InvalidInputException {
    ModelSpec model = catalog.find(name);
    // Within 3 %: biases, norms and (Llama 4) the vision tower are left out of the count. Our
    // per-token count excludes the input embedding (a lookup, not a multiply).
    assertThat(model.totalParams() / 1e9).isCloseTo(totalB, within(totalB * 0.03));
    double embedding = embeddingCounted ? (double) model.vocabSize() * model.hiddenSize() : 0;
    double active = (model.activeParamsPerToken() + embedding) / 1e9;
    if (activeB != totalB) {
      assertThat(active).isCloseTo(activeB, within(activeB * 0.10));
    }
  }

  @Test
  void kvBytesPerTokenMatchesTheSourcedTable() throws InvalidInputException {
    // gpu-serving-profiles.md §2: 2 × layers × KV heads × head dim × 2 B.
    assertThat(catalog.find("llama-2-7b").kvBytesPerToken()).isEqualTo(524_288);
    assertThat(catalog.find("llama-2-13b").kvBytesPerToken()).isEqualTo(819_200);
    assertThat(catalog.find("llama-3.1-8b").kvBytesPerToken()).isEqualTo(131_072);
    assertThat(catalog.find("llama-3.1-70b").kvBytesPerToken()).isEqualTo(327_680);
    assertThat(catalog.find("qwen2.5-7b").kvBytesPerToken()).isEqualTo(57_344);
    assertThat(catalog.find("qwen3-14b").kvBytesPerToken()).isEqualTo(163_840);
    assertThat(catalog.find("mixtral-8x7b").kvBytesPerToken()).isEqualTo(131_072);
    // MLA: one 512 + 64 latent per layer, 61 layers, 2 B.
    assertThat(catalog.find("deepseek-v3").kvBytesPerToken()).isEqualTo(61 * 576 * 2);
  }

  @Test
  void tensorParallelismSplitsKvHeadsButNeverBelowOnePerGpu() throws InvalidInputException {
    ModelSpec qwen = catalog.find("qwen2.5-7b"); // 4 KV heads
    assertThat(qwen.kvBytesPerTokenPerGpu(2)).isEqualTo(qwen.kvBytesPerToken() / 2);
    assertThat(qwen.kvBytesPerTokenPerGpu(8)).isEqualTo(qwen.kvBytesPerToken() / 4);
    ModelSpec deepseek = catalog.find("deepseek-v3");
    assertThat(deepseek.kvBytesPerTokenPerGpu(8)).isEqualTo(deepseek.kvBytesPerToken());
  }

  @Test
  void quantizedWeightsTakeTheirOwnBytes() throws InvalidInputException {
    ModelSpec scout = catalog.find("llama-4-scout");
    ModelSpec scoutFp8 = catalog.find("RedHatAI/Llama-4-Scout-17B-16E-Instruct-FP8-dynamic");
    assertThat(scoutFp8.weightBytes()).isCloseTo(scout.weightBytes() / 2, within(1.0));
    // gpt-oss-120b ships about 65 GB: MXFP4 experts, BF16 attention and embeddings.
    assertThat(catalog.find("gpt-oss-120b").weightBytes() / 1e9).isCloseTo(65, within(5.0));
  }

  @Test
  void findMatchesIdsWithoutOrganisationAndAliasesCaseInsensitively() throws InvalidInputException {
    assertThat(catalog.find("LLAMA-2-7B-HF").name()).isEqualTo("meta-llama/Llama-2-7b-hf");
    assertThat(catalog.find("Mistral-Nemo-Instruct-2407").name())
        .isEqualTo("mistralai/Mistral-Nemo-Instruct-2407");
    assertThat(catalog.find(" yi-34b ").name()).isEqualTo("01-ai/Yi-34B");
  }

  @Test
  void unknownModelNamesTheKnownOnesAndHowToAddOne() {
    InvalidInputException error =
        catchThrowableOfType(InvalidInputException.class, () -> catalog.find("gpt-5"));
    assertThat(error.problems()).hasSize(1);
    assertThat(error.problems().get(0))
        .startsWith("unknown model \"gpt-5\"; known: ")
        .contains("meta-llama/Llama-2-7b-hf", "deepseek-ai/DeepSeek-V3", "config.json");
  }

  @Test
  void everyEntryCitesItsConfigJson() {
    for (ModelSpec model : catalog.all()) {
      assertThat(model.source()).as(model.name()).startsWith("https://huggingface.co/")
          .endsWith("/config.json");
    }
  }

  @Test
  void readsAUsersConfigJson(@TempDir Path dir) throws Exception {
    Path folder = Files.createDirectories(dir.resolve("Phi-3-mini"));
    Path file = folder.resolve("config.json");
    Files.writeString(file, """
        {"architectures": ["Phi3ForCausalLM"], "hidden_size": 3072, "intermediate_size": 8192,
         "num_attention_heads": 32, "num_hidden_layers": 32, "num_key_value_heads": 32,
         "vocab_size": 32064, "tie_word_embeddings": false, "torch_dtype": "bfloat16"}
        """);
    ModelSpec model = ModelCatalog.fromConfigJson(file, null);
    assertThat(model.name()).isEqualTo("Phi-3-mini");
    assertThat(model.headDim()).isEqualTo(96);
    assertThat(model.totalParams() / 1e9).isCloseTo(3.82, within(0.1));
    assertThat(model.kvBytesPerToken()).isEqualTo(2.0 * 32 * 32 * 96 * 2);
  }

  @Test
  void aConfigJsonMissingAFieldNamesIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, """
        {"hidden_size": 4096, "num_attention_heads": 32, "num_hidden_layers": 32,
         "vocab_size": 32000}
        """);
    InvalidInputException error = catchThrowableOfType(InvalidInputException.class,
        () -> ModelCatalog.fromConfigJson(file, "m"));
    assertThat(error.problems())
        .containsExactly(file + ": /intermediate_size: missing; a value is required");
  }

  @Test
  void aMoeConfigWithoutExpertsPerTokenNamesIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, """
        {"hidden_size": 4096, "num_attention_heads": 32, "num_hidden_layers": 32,
         "intermediate_size": 14336, "vocab_size": 32000, "num_local_experts": 8}
        """);
    InvalidInputException error = catchThrowableOfType(InvalidInputException.class,
        () -> ModelCatalog.fromConfigJson(file, "m"));
    assertThat(error.problems())
        .containsExactly(file + ": /num_experts_per_tok: missing; a value is required");
  }

  @Test
  void anMlaConfigMissingAHeadDimNamesItUnderItsNestedPointer(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, """
        {"text_config": {"hidden_size": 7168, "num_attention_heads": 128, "num_hidden_layers": 61,
         "intermediate_size": 18432, "vocab_size": 129280, "kv_lora_rank": 512,
         "qk_nope_head_dim": 128, "qk_rope_head_dim": 64}}
        """);
    InvalidInputException error = catchThrowableOfType(InvalidInputException.class,
        () -> ModelCatalog.fromConfigJson(file, "m"));
    assertThat(error.problems())
        .containsExactly(file + ": /text_config/v_head_dim: missing; a value is required");
  }

  @Test
  void anUnknownQuantizationMethodIsNamedWithWhatIsWanted(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, """
        {"hidden_size": 4096, "num_attention_heads": 32, "num_hidden_layers": 32,
         "intermediate_size": 14336, "vocab_size": 32000,
         "quantization_config": {"quant_method": "bitsandbytes"}}
        """);
    InvalidInputException error = catchThrowableOfType(InvalidInputException.class,
        () -> ModelCatalog.fromConfigJson(file, "m"));
    assertThat(error.problems()).containsExactly(file + ": /quantization_config/quant_method:"
        + " wanted fp8, mxfp4, compressed-tensors, awq or gptq (or add the model to the"
        + " simulator's models.json with weight_bytes_per_param), got \"bitsandbytes\"");
  }
}
