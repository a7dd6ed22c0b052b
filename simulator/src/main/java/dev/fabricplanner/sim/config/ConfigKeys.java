package dev.fabricplanner.sim.config;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Every config key, described once (docs/CONFIG.md, "Adding a key"). Readers read through these
 * constants, {@link ConfigWriter} writes the root section (and so every section nested in it) by
 * iterating its keys, and CONFIG.md's tables between {@code <!-- keys: PATH -->} markers are
 * generated from them ({@link ConfigDocs}).
 */
final class ConfigKeys {
  private ConfigKeys() {}

  // ------------------------------------------------------------------ topology.engine

  static final ConfigKey<EngineSettings, Long> MAX_NUM_BATCHED_TOKENS =
      ConfigKey.of(
          "max_num_batched_tokens",
          KeyType.integer(Bound.integerIn(1, 1 << 24)),
          e -> (long) e.maxNumBatchedTokens(),
          "Token budget of one step: one token per decoding request plus the prefill chunks. vLLM"
              + " V1's `SchedulerConfig.max_num_batched_tokens` with chunked prefill (2,048 for the"
              + " API server on GPUs under 70 GiB; recent releases raise it on larger GPUs, so check"
              + " the vLLM version you compare with). At least `max_num_seqs`, so every running"
              + " request can decode each step.");
  static final ConfigKey<EngineSettings, Long> MAX_NUM_SEQS =
      ConfigKey.of(
          "max_num_seqs",
          KeyType.integer(Bound.integerIn(0, 1 << 20)),
          e -> (long) e.maxNumSeqs(),
          "Most requests running at once (the node capacity routers see). 0 takes each GPU"
              + " profile's `concurrency` (or a MIG slice's), so mesh-sim configs keep their"
              + " capacity; vLLM V1's own default is 256. Must not exceed `max_num_batched_tokens`.");
  static final ConfigKey<EngineSettings, Double> GPU_MEMORY_UTILIZATION =
      ConfigKey.of(
          "gpu_memory_utilization",
          KeyType.number(Bound.fraction()),
          EngineSettings::gpuMemoryUtilization,
          "vLLM's `CacheConfig.gpu_memory_utilization`. KV blocks = ⌊(VRAM × this − weights −"
              + " `activation_gb`) / (`kv_bytes_per_token` × `block_size`)⌋ per server (× the"
              + " slice's `fraction` for MIG).");
  static final ConfigKey<EngineSettings, Long> BLOCK_SIZE =
      ConfigKey.of(
          "block_size",
          KeyType.integer(Bound.integerIn(1, 1 << 16)),
          e -> (long) e.blockSize(),
          "Tokens per KV block (vLLM's CUDA default).");
  static final ConfigKey<EngineSettings, Double> ACTIVATION_GB =
      ConfigKey.of(
          "activation_gb",
          KeyType.number(Bound.nonNegative()),
          EngineSettings::activationGb,
          "VRAM kept for activations per GPU, out of the KV cache (vLLM measures its peak at"
              + " start-up; 0 is an upper bound on KV, as gpu-serving-profiles.md §2 notes).");
  static final ConfigKey<EngineSettings, Double> STEP_OVERHEAD_MS =
      ConfigKey.of(
          "step_overhead_ms",
          KeyType.number(Bound.nonNegative()),
          EngineSettings::stepOverheadMs,
          "Time added to every step (CPU scheduling, launches): a term of the execution model. 0"
              + " because the catalog's rates are end-to-end measurements that already include it.");
  static final ConfigKey<EngineSettings, Double> SCHEDULING_DELAY_MS =
      ConfigKey.of(
          "scheduling_delay_ms",
          KeyType.number(Bound.nonNegative()),
          EngineSettings::schedulingDelayMs,
          "Time from a request reaching its node to its scheduler seeing it (API server,"
              + " tokenization), fixed part; BLIS's α₀.");
  static final ConfigKey<EngineSettings, Double> SCHEDULING_DELAY_US_PER_TOKEN =
      ConfigKey.of(
          "scheduling_delay_us_per_token",
          KeyType.number(Bound.nonNegative()),
          EngineSettings::schedulingDelayUsPerToken,
          "The same delay's part per prompt token, in µs (BLIS's α₁).");
  static final ConfigKey<EngineSettings, Boolean> ENABLE_PREFIX_CACHING =
      ConfigKey.of(
          "enable_prefix_caching",
          KeyType.flag(),
          EngineSettings::enablePrefixCaching,
          "vLLM V1's default. Has an effect only for requests that carry prompt block hashes (trace"
              + " sources; generated requests share nothing) and with `block_size` 16, the block"
              + " size those hashes are of.");
  static final ConfigKey<EngineSettings, String> MODEL =
      ConfigKey.of(
          "model",
          KeyType.optionalText("string"),
          EngineSettings::model,
          "A model of the catalog (`ModelCatalog`, e.g. `Llama-3.1-8B-Instruct`; see"
              + " [EXECUTION-MODEL.md](EXECUTION-MODEL.md)). When given, every server runs that"
              + " model's step model (`execution_model`) on `tp` GPUs of its profile's kind, and its"
              + " KV blocks are sized as vLLM sizes them at start-up (`KvCapacity`, with its"
              + " activation reserve; `activation_gb` is then unused); the node's VRAM and price are"
              + " `tp` GPUs'. Absent: the **profile step model** from each profile's own figures."
              + " Not with MIG slices (one line says so). An unknown model, or one that does not"
              + " fit, is one line.");
  static final ConfigKey<EngineSettings, String> GPU =
      ConfigKey.of(
          "gpu",
          KeyType.optionalText("string"),
          EngineSettings::gpu,
          "A GPU of the catalog (`GpuSpecs`) for every profile; absent: the profile's name, else"
              + " its catalog entry's (`H100-SXM-80GB` → `H100`).");
  static final ConfigKey<EngineSettings, Long> TP =
      ConfigKey.of(
          "tp",
          KeyType.integer(Bound.integerIn(1, 64)),
          e -> (long) e.tp(),
          "Tensor-parallel GPUs per server, with `model`.");
  static final ConfigKey<EngineSettings, Long> PP =
      ConfigKey.of(
          "pp",
          KeyType.integer(Bound.integerIn(1, 64)),
          e -> (long) e.pp(),
          "Pipeline-parallel stages per server, with `model`: a server spans `tp` × `pp` GPUs"
              + " (its VRAM and price are theirs), each stage holding a `pp`-th of the layers"
              + " (weights and KV), `pp` micro-batches in flight and a step budget of `pp` ×"
              + " `max_num_batched_tokens` ([EXECUTION-MODEL.md](EXECUTION-MODEL.md)). A stage"
              + " whose weights do not fit its GPUs is one line naming `engine.tp` and `engine.pp`.");
  static final ConfigKey<EngineSettings, String> EXECUTION_MODEL =
      ConfigKey.of(
          "execution_model",
          KeyType.choice(List.of(EngineSettings.ROOFLINE, EngineSettings.CALIBRATED)),
          EngineSettings::executionModel,
          "With `model`: `calibrated` = the calibration in `coefficients`: the linear step model"
              + " fitted for that model × GPU × TP where the calibration runs measured one, else the"
              + " roofline with the fitted efficiencies ([EXECUTION-MODEL.md](EXECUTION-MODEL.md));"
              + " `roofline` = `RooflineModel` with its sourced default efficiencies, before any fit"
              + " (to see what calibration changes). Ignored without `model`.");
  static final ConfigKey<EngineSettings, String> COEFFICIENTS =
      ConfigKey.of(
          "coefficients",
          KeyType.optionalText("path"),
          EngineSettings::coefficients,
          "The calibration `calibrated` uses: a coefficients file written by `planner calibrate`."
              + " Absent: the one shipped with the simulator (fitted on every usable run of"
              + " `shared/data/vllm-calibration`). An unreadable or malformed file is one line"
              + " naming it and the field.");

  static final KeySection<EngineSettings> ENGINE =
      new KeySection<>(
          "topology.engine",
          EngineSettings.defaults(),
          List.of(
              MAX_NUM_BATCHED_TOKENS,
              MAX_NUM_SEQS,
              GPU_MEMORY_UTILIZATION,
              BLOCK_SIZE,
              ACTIVATION_GB,
              STEP_OVERHEAD_MS,
              SCHEDULING_DELAY_MS,
              SCHEDULING_DELAY_US_PER_TOKEN,
              ENABLE_PREFIX_CACHING,
              MODEL,
              GPU,
              TP,
              PP,
              EXECUTION_MODEL,
              COEFFICIENTS),
          TopologyReader::engine);

  // ------------------------------------------------------------------ topology.gpu_profiles[i]

  private static final String CATALOG = "catalog";

  static final ConfigKey<GpuProfile, String> PROFILE_NAME =
      ConfigKey.<GpuProfile, String>of(
              "name",
              KeyType.optionalText("string"),
              GpuProfile::name,
              "Profile name; its prefix picks the catalog entry.")
          .required();
  static final ConfigKey<GpuProfile, Long> PROFILE_TOKENS_PER_S =
      ConfigKey.<GpuProfile, Long>of(
              "tokens_per_s",
              KeyType.integer(Bound.integerAtLeast(1)),
              GpuProfile::tokensPerS,
              "Full-batch token throughput (mesh-sim's figure). If given without"
                  + " `decode_tokens_per_s`, the batch-1 decode rate is derived from it (see"
                  + " below).")
          .shownDefault(
              "derived: `concurrency × decode_tokens_per_s / (1 + decode_slowdown_per_seq ×"
                  + " (concurrency − 1))`");
  static final ConfigKey<GpuProfile, Long> PROFILE_CONCURRENCY =
      ConfigKey.<GpuProfile, Long>of(
              "concurrency",
              KeyType.integer(Bound.integerIn(1, Integer.MAX_VALUE)),
              p -> (long) p.concurrency(),
              "Requests running at once: the engine's `max_num_seqs` unless"
                  + " `topology.engine.max_num_seqs` sets one for all; the number of servers *c*"
                  + " under `service_model`.")
          .shownDefault(CATALOG);
  static final ConfigKey<GpuProfile, Double> PROFILE_VRAM_TOTAL_GB =
      ConfigKey.<GpuProfile, Double>of(
              "vram_total_gb",
              KeyType.number(Bound.positive()),
              GpuProfile::vramTotalGb,
              "GPU memory, GB (10⁹ B).")
          .shownDefault(CATALOG);
  static final ConfigKey<GpuProfile, Double> PROFILE_BATCH_WINDOW_MS =
      ConfigKey.<GpuProfile, Double>of(
              "batch_window_ms",
              KeyType.number(Bound.nonNegative()),
              GpuProfile::batchWindowMs,
              "Read and written back for mesh-sim compatibility, **not used** by the step engine: a"
                  + " vLLM engine starts a step as soon as it has work.")
          .shownDefault("`8` (mesh-sim's examples)");
  static final ConfigKey<GpuProfile, Double> PROFILE_KV_CACHE_GB_PER_REQ =
      ConfigKey.<GpuProfile, Double>of(
              "kv_cache_gb_per_req",
              KeyType.number(Bound.nonNegative()),
              GpuProfile::kvCacheGbPerReq,
              "mesh-sim's fixed KV cache per request. Read and written back, **not used** by the"
                  + " step engine, which pages KV per token (a profile that gives it alone gets"
                  + " `kv_bytes_per_token` 0, see below). 1,365.8 = mean prompt + output tokens of"
                  + " the Azure 2023 conversation trace (§6).")
          .shownDefault("`kv_bytes_per_token × 1,365.8 / 10⁹` = 0.179 GB");
  static final ConfigKey<GpuProfile, Double> PROFILE_PREFILL_TOKENS_PER_S =
      ConfigKey.<GpuProfile, Double>of(
              "prefill_tokens_per_s",
              KeyType.number(Bound.positive()),
              GpuProfile::prefillTokensPerS,
              "Prompt tokens processed per second at batch 1. Keeps the catalog's"
                  + " prefill-to-decode ratio when only the decode rate (or `tokens_per_s`) is"
                  + " given.")
          .shownDefault("catalog × (`decode_tokens_per_s` / catalog decode)");
  static final ConfigKey<GpuProfile, Double> PROFILE_DECODE_TOKENS_PER_S =
      ConfigKey.<GpuProfile, Double>of(
              "decode_tokens_per_s",
              KeyType.number(Bound.positive()),
              GpuProfile::decodeTokensPerS,
              "Output tokens per second of one sequence decoding alone (batch 1).")
          .shownDefault(
              "catalog; or `tokens_per_s × (1 + decode_slowdown_per_seq × (concurrency − 1)) /"
                  + " concurrency` when `tokens_per_s` is given");
  static final ConfigKey<GpuProfile, Double> PROFILE_DECODE_SLOWDOWN_PER_SEQ =
      ConfigKey.<GpuProfile, Double>of(
              "decode_slowdown_per_seq",
              KeyType.number(Bound.nonNegative()),
              GpuProfile::decodeSlowdownPerSeq,
              "Continuous batching: a decode step with B sequences takes `(1 +"
                  + " decode_slowdown_per_seq × (B − 1))` times the batch-1 step, so per-sequence"
                  + " speed falls and total throughput rises with B.")
          .shownDefault(CATALOG);
  static final ConfigKey<GpuProfile, Double> PROFILE_MODEL_WEIGHTS_GB =
      ConfigKey.<GpuProfile, Double>of(
              "model_weights_gb",
              KeyType.number(Bound.nonNegative()),
              GpuProfile::modelWeightsGb,
              "VRAM held by the weights; KV cache fills the rest.")
          .shownType("number >= 0, < `vram_total_gb`")
          .shownDefault("`16.1` (Llama-3.1-8B BF16, §2)");
  static final ConfigKey<GpuProfile, Long> PROFILE_KV_BYTES_PER_TOKEN =
      ConfigKey.<GpuProfile, Long>of(
              "kv_bytes_per_token",
              KeyType.integer(Bound.integerAtLeast(0)),
              GpuProfile::kvBytesPerToken,
              "KV cache per token of context, paged in `block_size` blocks. 0 (mesh-sim's"
                  + " per-request sizing) pages Llama-3.1-8B's 131,072 B per token, the model the"
                  + " profile figures stand for.")
          .shownDefault(
              "`131072` (Llama-3.1-8B: 2 × 32 layers × 8 KV heads × 128 × 2 B, §2); `0` when the"
                  + " profile gives `kv_cache_gb_per_req` alone");
  static final ConfigKey<GpuProfile, Double> PROFILE_PRICE_PER_HOUR =
      ConfigKey.<GpuProfile, Double>of(
              "price_per_hour",
              KeyType.number(Bound.nonNegative()),
              GpuProfile::pricePerHour,
              "USD per GPU-hour, for cost per 1k tokens.")
          .shownDefault(CATALOG);
  static final ConfigKey<GpuProfile, Double> PROFILE_SHARE =
      ConfigKey.of(
          "share",
          KeyType.number(Bound.nonNegative()),
          GpuProfile::share,
          "Relative weight of this profile in the fleet (shares sum > 0).");
  static final KeySection<GpuProfile> GPU_PROFILE =
      new KeySection<>(
          "topology.gpu_profiles[i]",
          TopologyReader.profileDefaults("H100"),
          List.of(
              PROFILE_NAME,
              PROFILE_TOKENS_PER_S,
              PROFILE_CONCURRENCY,
              PROFILE_VRAM_TOTAL_GB,
              PROFILE_BATCH_WINDOW_MS,
              PROFILE_KV_CACHE_GB_PER_REQ,
              PROFILE_PREFILL_TOKENS_PER_S,
              PROFILE_DECODE_TOKENS_PER_S,
              PROFILE_DECODE_SLOWDOWN_PER_SEQ,
              PROFILE_MODEL_WEIGHTS_GB,
              PROFILE_KV_BYTES_PER_TOKEN,
              PROFILE_PRICE_PER_HOUR,
              PROFILE_SHARE),
          (map, defaults) -> TopologyReader.profile(map));

  // ------------------------------------------------------------------ topology

  static final ConfigKey<MigProfile, String> SLICE_NAME =
      ConfigKey.<MigProfile, String>of(
              "name", KeyType.optionalText("string"), MigProfile::name, "Slice name.")
          .required();
  static final ConfigKey<MigProfile, Double> SLICE_FRACTION =
      ConfigKey.<MigProfile, Double>of(
              "fraction",
              KeyType.number(Bound.fraction()),
              MigProfile::fraction,
              "Share of the GPU's VRAM (and the slice's place in the sum of fractions <= 1).")
          .required();
  static final ConfigKey<MigProfile, Long> SLICE_TOKENS_PER_S =
      ConfigKey.<MigProfile, Long>of(
              "tokens_per_s",
              KeyType.integer(Bound.integerAtLeast(1)),
              MigProfile::tokensPerS,
              "The slice runs prefill and decode at its `tokens_per_s` / the GPU profile's"
                  + " `tokens_per_s` of the GPU's speed.")
          .required();
  static final ConfigKey<MigProfile, Long> SLICE_CONCURRENCY =
      ConfigKey.<MigProfile, Long>of(
              "concurrency",
              KeyType.integer(Bound.integerIn(1, Integer.MAX_VALUE)),
              m -> (long) m.concurrency(),
              "Requests the slice runs at once.")
          .required();
  static final KeySection<MigProfile> MIG_SLICE =
      new KeySection<>(
          "topology.mig.profiles[i]",
          new MigProfile("slice", 1, 1, 1),
          List.of(SLICE_NAME, SLICE_FRACTION, SLICE_TOKENS_PER_S, SLICE_CONCURRENCY),
          (map, defaults) -> TopologyReader.migProfile(map));

  static final ConfigKey<MigConfig, Boolean> MIG_ENABLE =
      ConfigKey.of(
          "enable",
          KeyType.flag(),
          MigConfig::enable,
          "Split each node's GPU into MIG slices.");
  static final ConfigKey<MigConfig, List<MigProfile>> MIG_PROFILES =
      ConfigKey.of(
          "profiles",
          KeyType.list(MIG_SLICE),
          MigConfig::profiles,
          "Slices (mesh-sim's fields, all required). When enabled: at least one, fractions sum <="
              + " 1. Each node's GPU becomes these slices. Ignored under `service_model`.");
  static final KeySection<MigConfig> MIG =
      new KeySection<>(
          "topology.mig",
          MigConfig.disabled(),
          List.of(MIG_ENABLE, MIG_PROFILES),
          (map, defaults) -> TopologyReader.mig(map));

  static final ConfigKey<TopologyConfig, Long> CELLS =
      ConfigKey.<TopologyConfig, Long>of(
              "cells",
              KeyType.integer(Bound.integerIn(1, Integer.MAX_VALUE)),
              t -> (long) t.cells(),
              "Cells (shards, regions) of the fleet.")
          .required();
  static final ConfigKey<TopologyConfig, Long> NODES_PER_CELL =
      ConfigKey.<TopologyConfig, Long>of(
              "nodes_per_cell",
              KeyType.integer(Bound.integerIn(1, Integer.MAX_VALUE)),
              t -> (long) t.nodesPerCell(),
              "Nodes per cell; one GPU per node. Fleet size = cells × nodes_per_cell.")
          .required();
  static final ConfigKey<TopologyConfig, List<GpuProfile>> GPU_PROFILES =
      ConfigKey.<TopologyConfig, List<GpuProfile>>of(
              "gpu_profiles",
              KeyType.list(GPU_PROFILE),
              TopologyConfig::gpuProfiles,
              "GPU profiles, at least one; names unique. Nodes take profiles in proportion to"
                  + " `share`. See [GPU profile](#gpu-profile).")
          .required();
  static final ConfigKey<TopologyConfig, MigConfig> MIG_KEY =
      ConfigKey.of(
          "mig",
          KeyType.nested(MIG),
          TopologyConfig::mig,
          "MIG slices of every node's GPU.");
  static final ConfigKey<TopologyConfig, EngineSettings> ENGINE_KEY =
      ConfigKey.<TopologyConfig, EngineSettings>of(
              "engine",
              KeyType.nested(ENGINE),
              TopologyConfig::engine,
              "The engine every server runs: scheduler limits, paged KV, overheads.")
          .shownDefault("see [Serving engine](#serving-engine-topologyengine)");
  static final KeySection<TopologyConfig> TOPOLOGY =
      new KeySection<>(
          "topology",
          new TopologyConfig(1, 1, List.of(TopologyReader.profileDefaults("H100")), MigConfig.disabled()),
          List.of(CELLS, NODES_PER_CELL, GPU_PROFILES, MIG_KEY, ENGINE_KEY));

  // ------------------------------------------------------------------ workload.llm, vision, asr

  static final ConfigKey<LlmWorkload, Distribution> LLM_IN_TOKENS =
      ConfigKey.of(
          "in_tokens",
          KeyType.distribution(DistributionField.TOKENS, "tokens"),
          LlmWorkload::inTokens,
          "Prompt length. Azure 2023 conversation trace (vidur `splitwise_conv.csv`): mean 1,154.7"
              + " tokens, lognormal fit of ln(tokens) (gpu-serving-profiles.md §6).");
  static final ConfigKey<LlmWorkload, Distribution> LLM_OUT_TOKENS =
      ConfigKey.of(
          "out_tokens",
          KeyType.distribution(DistributionField.TOKENS, "tokens"),
          LlmWorkload::outTokens,
          "Output length; same trace, mean 211.1 tokens (§6).");
  static final KeySection<LlmWorkload> LLM =
      new KeySection<>(
          "workload.llm",
          new LlmWorkload(ReferenceConfig.LLM_IN_TOKENS, ReferenceConfig.LLM_OUT_TOKENS),
          List.of(LLM_IN_TOKENS, LLM_OUT_TOKENS),
          (m, d) -> new LlmWorkload(LLM_IN_TOKENS.read(m, d), LLM_OUT_TOKENS.read(m, d)));

  static final ConfigKey<VisionWorkload, Distribution> IMAGE_SIZE =
      ConfigKey.of(
          "image_size",
          KeyType.distribution(DistributionField.IMAGE_PIXELS, "pixels"),
          VisionWorkload::imageSize,
          "Image size; mesh-sim's medium example (224² to 1024²).");
  static final ConfigKey<VisionWorkload, Distribution> PROCESSING_COMPLEXITY =
      ConfigKey.of(
          "processing_complexity",
          KeyType.distribution(DistributionField.COMPLEXITY, "multiplier"),
          VisionWorkload::processingComplexity,
          "Multiplier on the image's token cost; mesh-sim's medium example.");
  static final KeySection<VisionWorkload> VISION =
      new KeySection<>(
          "workload.vision",
          ReferenceConfig.VISION,
          List.of(IMAGE_SIZE, PROCESSING_COMPLEXITY),
          (m, d) -> new VisionWorkload(IMAGE_SIZE.read(m, d), PROCESSING_COMPLEXITY.read(m, d)));

  static final ConfigKey<AsrWorkload, Distribution> AUDIO_DURATION_S =
      ConfigKey.of(
          "audio_duration_s",
          KeyType.distribution(DistributionField.AUDIO_SECONDS, "seconds"),
          AsrWorkload::audioDurationS,
          "Audio length; mesh-sim's medium example.");
  static final ConfigKey<AsrWorkload, Long> SAMPLE_RATE =
      ConfigKey.of(
          "sample_rate",
          KeyType.integer(Bound.integerIn(1, 10_000_000)),
          a -> (long) a.sampleRate(),
          "Hz; mesh-sim's medium example.");
  static final KeySection<AsrWorkload> ASR =
      new KeySection<>(
          "workload.asr",
          ReferenceConfig.ASR,
          List.of(AUDIO_DURATION_S, SAMPLE_RATE),
          (m, d) -> new AsrWorkload(AUDIO_DURATION_S.read(m, d), SAMPLE_RATE.read(m, d).intValue()));

  // ------------------------------------------------------------------ workload.trace

  static final ConfigKey<TraceConfig, String> TRACE_FILE =
      ConfigKey.<TraceConfig, String>of(
              "file",
              KeyType.optionalText("string"),
              TraceConfig::file,
              "The trace, plain or gzip, relative to the working directory (as `--trace`).")
          .required();
  static final ConfigKey<TraceConfig, String> TRACE_FORMAT =
      ConfigKey.<TraceConfig, String>of(
              "format",
              KeyType.choice(names(TraceFormat.values())),
              t -> t.format().map(TraceFormat::configName).orElse(""),
              "`--trace-format`. The resolved config records the format found.")
          .writtenWhen(t -> t.format().isPresent())
          .shownDefault("told from the first line");
  static final ConfigKey<TraceConfig, Double> TRACE_RATE_SCALE =
      ConfigKey.of(
          "rate_scale",
          KeyType.number(Bound.positive()),
          TraceConfig::rateScale,
          "Arrival times are divided by it (2: twice the rate). `--rate-scale`.");
  static final ConfigKey<TraceConfig, String> TRACE_TIME_WINDOW =
      ConfigKey.<TraceConfig, String>of(
              "time_window",
              KeyType.optionalText("string"),
              t -> t.window().text(),
              "Seconds after the trace's first request; requests at FROM ≤ t < TO are replayed,"
                  + " FROM shifted to 0. Either side may be empty. `--time-window`.")
          .shownType("string `\"FROM:TO\"`")
          .shownDefault("`\"0:\"` (all)");
  static final ConfigKey<TraceConfig, Long> TRACE_BLOCK_SIZE =
      ConfigKey.<TraceConfig, Long>of(
              "block_size",
              KeyType.integer(Bound.integerIn(16, 1 << 20)),
              t -> (long) t.blockSize().orElse(0),
              "Tokens one `hash_ids` entry covers.")
          .writtenWhen(t -> t.blockSize().isPresent())
          .shownType("integer, a multiple of 16")
          .shownDefault("the format's (512 Mooncake, 16 Bailian)");
  static final ConfigKey<TraceConfig, Boolean> TRACE_SKIP_BAD_LINES =
      ConfigKey.of(
          "skip_bad_lines",
          KeyType.flag(),
          TraceConfig::skipBadLines,
          "Count and skip lines that do not parse instead of stopping. `--skip-bad-lines`.");
  static final ConfigKey<TraceConfig, Boolean> TRACE_SORT =
      ConfigKey.of(
          "sort",
          KeyType.flag(),
          TraceConfig::sort,
          "Sort a trace whose timestamps go backwards in memory (with a warning) instead of"
              + " stopping. `--sort-trace`.");
  /** Read by {@code WorkloadSourceReader}: format, window and block size have checks of their own. */
  private static final Bound PROMPT_TOKENS = Bound.integerIn(0, 10_000_000);

  static final ConfigKey<TracePromptStructure, Long> TRACE_NUM_GROUPS =
      ConfigKey.<TracePromptStructure, Long>of(
              "num_groups",
              KeyType.integer(Bound.integerIn(1, 1_000_000)),
              p -> (long) p.numGroups(),
              "System prompts of the client's shared_prefix workload.")
          .required();
  static final ConfigKey<TracePromptStructure, Long> TRACE_NUM_PROMPTS_PER_GROUP =
      ConfigKey.<TracePromptStructure, Long>of(
              "num_prompts_per_group",
              KeyType.integer(Bound.integerIn(1, 1_000_000)),
              p -> (long) p.numPromptsPerGroup(),
              "Users (questions) per system prompt; request i uses user pair i mod (groups × users)"
                  + " of a seeded shuffle, as inference-perf orders them.")
          .required();
  static final ConfigKey<TracePromptStructure, Long> TRACE_SYSTEM_PROMPT_LEN =
      ConfigKey.<TracePromptStructure, Long>of(
              "system_prompt_len",
              KeyType.integer(PROMPT_TOKENS),
              p -> (long) p.systemPromptLen(),
              "Tokens of each system prompt (the shared prefix).")
          .required();
  static final ConfigKey<TracePromptStructure, Long> TRACE_QUESTION_LEN =
      ConfigKey.<TracePromptStructure, Long>of(
              "question_len",
              KeyType.integer(PROMPT_TOKENS),
              p -> (long) p.questionLen(),
              "Tokens of each user's question; a request's tokens past system + question are its"
                  + " own (the trace's length wins).")
          .required();
  static final ConfigKey<TracePromptStructure, Long> TRACE_OUTPUT_LEN =
      ConfigKey.<TracePromptStructure, Long>of(
          "output_len",
          KeyType.integer(PROMPT_TOKENS),
          p -> (long) p.outputLen(),
          "Answer tokens for the requests a replay trace marks failed (it recorded no counts for"
              + " them), replayed with system + question tokens; 0 leaves them out.");
  static final KeySection<TracePromptStructure> TRACE_SHARED_PREFIX =
      new KeySection<>(
          "workload.trace.shared_prefix",
          new TracePromptStructure(1, 1, 0, 0, 0),
          List.of(
              TRACE_NUM_GROUPS,
              TRACE_NUM_PROMPTS_PER_GROUP,
              TRACE_SYSTEM_PROMPT_LEN,
              TRACE_QUESTION_LEN,
              TRACE_OUTPUT_LEN),
          (m, d) ->
              new TracePromptStructure(
                  (int) (long) TRACE_NUM_GROUPS.require(m),
                  (int) (long) TRACE_NUM_PROMPTS_PER_GROUP.require(m),
                  (int) (long) TRACE_SYSTEM_PROMPT_LEN.require(m),
                  (int) (long) TRACE_QUESTION_LEN.require(m),
                  (int) (long) TRACE_OUTPUT_LEN.read(m, d)));
  static final ConfigKey<TraceConfig, TracePromptStructure> TRACE_PROMPTS =
      ConfigKey.<TraceConfig, TracePromptStructure>of(
              "shared_prefix",
              KeyType.nested(TRACE_SHARED_PREFIX),
              t -> t.prompts().orElse(null),
              "The prompt structure to rebuild for a trace that recorded no prefixes (below).")
          .writtenWhen(t -> t.prompts().isPresent())
          .shownDefault("absent");
  static final KeySection<TraceConfig> TRACE =
      new KeySection<>(
          "workload.trace",
          new TraceConfig("", Optional.empty(), 1, TimeWindow.ALL, Optional.empty(), false, false),
          List.of(
              TRACE_FILE,
              TRACE_FORMAT,
              TRACE_RATE_SCALE,
              TRACE_TIME_WINDOW,
              TRACE_BLOCK_SIZE,
              TRACE_SKIP_BAD_LINES,
              TRACE_SORT,
              TRACE_PROMPTS));

  // ------------------------------------------------------------------ workload.shared_prefix

  private static final Bound GROUP_COUNT = Bound.integerIn(1, 1_000_000);

  static final ConfigKey<LoadStage, Double> STAGE_RATE_RPS =
      ConfigKey.<LoadStage, Double>of(
              "rate_rps",
              KeyType.number(Bound.positive()),
              LoadStage::rateRps,
              "Requests per second of the stage: `floor(rate_rps × duration_s)` requests, gaps"
                  + " scaled to fill the stage exactly (inference-perf's constant load).")
          .required();
  static final ConfigKey<LoadStage, Double> STAGE_DURATION_S =
      ConfigKey.<LoadStage, Double>of(
              "duration_s",
              KeyType.number(Bound.positive()),
              LoadStage::durationS,
              "Length of the stage; stages run back to back.")
          .required();
  static final KeySection<LoadStage> STAGE =
      new KeySection<>(
          "workload.stages[i]",
          new LoadStage(1, 1),
          List.of(STAGE_RATE_RPS, STAGE_DURATION_S),
          (map, defaults) ->
              new LoadStage(STAGE_RATE_RPS.require(map), STAGE_DURATION_S.require(map)));

  static final ConfigKey<SharedPrefixWorkload, Long> NUM_GROUPS =
      ConfigKey.<SharedPrefixWorkload, Long>of(
              "num_groups",
              KeyType.integer(GROUP_COUNT),
              s -> (long) s.numGroups(),
              "Distinct system prompts.")
          .required();
  static final ConfigKey<SharedPrefixWorkload, Long> NUM_PROMPTS_PER_GROUP =
      ConfigKey.<SharedPrefixWorkload, Long>of(
              "num_prompts_per_group",
              KeyType.integer(GROUP_COUNT),
              s -> (long) s.numPromptsPerGroup(),
              "Users (questions) per system prompt.")
          .required();
  static final ConfigKey<SharedPrefixWorkload, Long> SYSTEM_PROMPT_LEN =
      ConfigKey.<SharedPrefixWorkload, Long>of(
              "system_prompt_len",
              KeyType.integer(Bound.integerIn(0, 10_000_000)),
              s -> (long) s.systemPromptLen(),
              "Tokens of each system prompt.")
          .required();
  static final ConfigKey<SharedPrefixWorkload, Long> QUESTION_LEN =
      ConfigKey.<SharedPrefixWorkload, Long>of(
              "question_len",
              KeyType.integer(Bound.integerIn(1, 10_000_000)),
              s -> (long) s.questionLen(),
              "Mean question tokens.")
          .required();
  static final ConfigKey<SharedPrefixWorkload, Double> QUESTION_LEN_STD =
      ConfigKey.of(
          "question_len_std",
          KeyType.number(Bound.nonNegative()),
          SharedPrefixWorkload::questionLenStd,
          "Deviation of question lengths (normal, at least 1 token).");
  static final ConfigKey<SharedPrefixWorkload, Long> OUTPUT_LEN =
      ConfigKey.<SharedPrefixWorkload, Long>of(
              "output_len",
              KeyType.integer(Bound.integerIn(1, 10_000_000)),
              s -> (long) s.outputLen(),
              "Mean output tokens.")
          .required();
  static final ConfigKey<SharedPrefixWorkload, Double> OUTPUT_LEN_STD =
      ConfigKey.of(
          "output_len_std",
          KeyType.number(Bound.nonNegative()),
          SharedPrefixWorkload::outputLenStd,
          "Deviation of output lengths.");
  static final ConfigKey<SharedPrefixWorkload, Boolean> ENABLE_MULTI_TURN_CHAT =
      ConfigKey.of(
          "enable_multi_turn_chat",
          KeyType.flag(),
          SharedPrefixWorkload::multiTurnChat,
          "Carry each user's earlier prompts and answers into its later prompts.");
  /** The stages are read and written beside it, as {@code workload.stages} ({@link #STAGE}). */
  static final KeySection<SharedPrefixWorkload> SHARED_PREFIX =
      new KeySection<>(
          "workload.shared_prefix",
          new SharedPrefixWorkload(1, 1, 0, 1, 0, 1, 0, false, List.of()),
          List.of(
              NUM_GROUPS,
              NUM_PROMPTS_PER_GROUP,
              SYSTEM_PROMPT_LEN,
              QUESTION_LEN,
              QUESTION_LEN_STD,
              OUTPUT_LEN,
              OUTPUT_LEN_STD,
              ENABLE_MULTI_TURN_CHAT));

  // ------------------------------------------------------------------ network

  static final ConfigKey<VivaldiConfig, Long> VIVALDI_DIM =
      ConfigKey.of(
          "dim",
          KeyType.integer(Bound.integerIn(1, 64)),
          v -> (long) v.dim(),
          "Dimensions of the Vivaldi coordinates given to cells.");
  static final ConfigKey<VivaldiConfig, Double> VIVALDI_BASE_RTT_MS =
      ConfigKey.of(
          "base_rtt_ms",
          KeyType.number(Bound.nonNegative()),
          VivaldiConfig::baseRttMs,
          "Cells get seeded coordinates uniform in [0, base_rtt_ms] per dimension; the RTT between"
              + " two cells is (base_rtt_ms + their distance) × a per-pair factor in 1 ± noise."
              + " (mesh-sim: coordinates in ±100 and 0.1 ms per unit of distance; the shape, base"
              + " plus distance with noise, is the same.)");
  static final ConfigKey<VivaldiConfig, Double> VIVALDI_NOISE =
      ConfigKey.of(
          "noise",
          KeyType.number(Bound.unitInterval()),
          VivaldiConfig::noise,
          "Relative jitter of inter-cell RTTs.");
  static final KeySection<VivaldiConfig> VIVALDI =
      new KeySection<>(
          "network.inter_cell_coords",
          ReferenceConfig.NETWORK.interCellCoords(),
          List.of(VIVALDI_DIM, VIVALDI_BASE_RTT_MS, VIVALDI_NOISE),
          (m, d) ->
              new VivaldiConfig(
                  VIVALDI_DIM.read(m, d).intValue(),
                  VIVALDI_BASE_RTT_MS.read(m, d),
                  VIVALDI_NOISE.read(m, d)));

  static final ConfigKey<BandwidthConfig, Long> BW_INTRA_CELL =
      ConfigKey.of(
          "intra_cell",
          KeyType.integer(Bound.integerAtLeast(1)),
          BandwidthConfig::intraCell,
          "Bandwidth inside a cell, Mbit/s: moving b bytes costs half an RTT plus b × 8 /"
              + " bandwidth.");
  static final ConfigKey<BandwidthConfig, Long> BW_INTER_REGION =
      ConfigKey.of(
          "inter_region",
          KeyType.integer(Bound.integerAtLeast(1)),
          BandwidthConfig::interRegion,
          "Bandwidth between cells, Mbit/s.");
  static final KeySection<BandwidthConfig> BANDWIDTH =
      new KeySection<>(
          "network.bw_mbps",
          ReferenceConfig.NETWORK.bwMbps(),
          List.of(BW_INTRA_CELL, BW_INTER_REGION),
          (m, d) -> new BandwidthConfig(BW_INTRA_CELL.read(m, d), BW_INTER_REGION.read(m, d)));

  static final ConfigKey<NetworkConfig, Distribution> INTRA_CELL_RTT_MS =
      ConfigKey.of(
          "intra_cell_rtt_ms",
          KeyType.distribution(DistributionField.LATENCY_MS, "ms"),
          NetworkConfig::intraCellRttMs,
          "Round-trip time between two nodes of one cell. The engine draws one value per cell from"
              + " it (negative draws become 0).");
  static final ConfigKey<NetworkConfig, VivaldiConfig> INTER_CELL_COORDS =
      ConfigKey.of(
          "inter_cell_coords",
          KeyType.nested(VIVALDI),
          NetworkConfig::interCellCoords,
          "Seeded Vivaldi coordinates of the cells, from which inter-cell RTTs follow.");
  static final ConfigKey<NetworkConfig, BandwidthConfig> BW_MBPS =
      ConfigKey.of(
          "bw_mbps",
          KeyType.nested(BANDWIDTH),
          NetworkConfig::bwMbps,
          "Link bandwidths.");
  static final KeySection<NetworkConfig> NETWORK =
      new KeySection<>(
          "network",
          ReferenceConfig.NETWORK,
          List.of(INTRA_CELL_RTT_MS, INTER_CELL_COORDS, BW_MBPS),
          (m, d) ->
              new NetworkConfig(
                  INTRA_CELL_RTT_MS.read(m, d), INTER_CELL_COORDS.read(m, d), BW_MBPS.read(m, d)));

  // ------------------------------------------------------------------ signals

  static final ConfigKey<SignalTransport, DelayRange> TRANSPORT_INTRA_CELL =
      ConfigKey.of(
          "intra_cell",
          KeyType.pair(),
          SignalTransport::intraCell,
          "Delay before a published value is visible, ms; the engine uses the range's mean.");
  static final ConfigKey<SignalTransport, Object> TRANSPORT_INTER_CELL =
      ConfigKey.refused(
          "inter_cell",
          "strategies read one fleet-wide view, so every router sees a signal after intra_cell",
          "mesh-sim's delay to a router in another cell: refused (see below).");
  static final KeySection<SignalTransport> TRANSPORT =
      new KeySection<>(
          "signals.transport_ms",
          ReferenceConfig.SIGNALS.transportMs(),
          List.of(TRANSPORT_INTRA_CELL, TRANSPORT_INTER_CELL),
          (m, d) -> {
            DelayRange intra = TRANSPORT_INTRA_CELL.read(m, d);
            TRANSPORT_INTER_CELL.read(m, d);
            return new SignalTransport(intra);
          });

  static final ConfigKey<SignalConfig, DelayRange> QUEUE_DEPTH_MS =
      ConfigKey.of(
          "queue_depth_ms",
          KeyType.range(),
          SignalConfig::queueDepthMs,
          "Refresh period of each node's load (queue depth, availability), ms; each node draws its"
              + " own period uniformly from the range, with a random phase.");
  static final ConfigKey<SignalConfig, DelayRange> VRAM_MS =
      ConfigKey.of(
          "vram_ms",
          KeyType.range(),
          SignalConfig::vramMs,
          "Refresh period of each node's resources (busy slots, VRAM, and the engine metrics"
              + " KV-aware routers read: running and waiting requests, KV-cache usage, prompt tokens"
              + " still to prefill).");
  static final ConfigKey<SignalConfig, Object> P95_MS =
      ConfigKey.refused(
          "p95_ms",
          "no strategy reads a published p95 latency",
          "mesh-sim's refresh period of a published p95 latency: refused (see below).");
  static final ConfigKey<SignalConfig, SignalTransport> TRANSPORT_MS =
      ConfigKey.of(
          "transport_ms",
          KeyType.nested(TRANSPORT),
          SignalConfig::transportMs,
          "How long a published value travels to the routers.");
  static final ConfigKey<SignalConfig, Double> KV_EVENTS_MS =
      ConfigKey.of(
              "kv_events_ms",
              KeyType.number(Bound.nonNegative()),
              SignalConfig::kvEventsMs,
              "Delay of the servers' KV block events (stored, evicted) to a router's precise prefix"
                  + " index, ms. An engine pushes each event as it happens (vLLM's KV event"
                  + " publisher has no refresh period), so only transport applies. Used only by"
                  + " strategies that read the precise index (`kv_router`, `lmetric`,"
                  + " `weighted_scorer` with `mode: precise`).")
          .writtenWhen(s -> !Double.isNaN(s.kvEventsMs()))
          .shownDefault("the mean of `transport_ms.intra_cell`");
  static final KeySection<SignalConfig> SIGNALS =
      new KeySection<>(
          "signals",
          ReferenceConfig.SIGNALS,
          List.of(QUEUE_DEPTH_MS, VRAM_MS, P95_MS, TRANSPORT_MS, KV_EVENTS_MS),
          (m, d) -> {
            DelayRange queue = QUEUE_DEPTH_MS.read(m, d);
            DelayRange vram = VRAM_MS.read(m, d);
            P95_MS.read(m, d);
            SignalTransport transport = TRANSPORT_MS.read(m, d);
            return new SignalConfig(queue, vram, transport, KV_EVENTS_MS.read(m, d));
          });

  // ------------------------------------------------------------------ service_model

  static final ConfigKey<ServiceModel, String> SERVICE_DISTRIBUTION =
      ConfigKey.<ServiceModel, String>of(
          "distribution",
          KeyType.choice(names(ServiceModel.Kind.values())),
          m -> m.distribution().yamlName(),
          "M, D or E_k service.");
  static final ConfigKey<ServiceModel, Double> SERVICE_MEAN_MS =
      ConfigKey.<ServiceModel, Double>of(
              "mean_ms",
              KeyType.number(Bound.positive()),
              ServiceModel::meanMs,
              "Mean service time.")
          .required();
  static final ConfigKey<ServiceModel, Long> SERVICE_SHAPE =
      ConfigKey.<ServiceModel, Long>of(
              "shape",
              KeyType.integer(Bound.integerIn(1, 1000)),
              m -> (long) m.shape(),
              "The k of Erlang-k.")
          .writtenWhen(m -> m.distribution() == ServiceModel.Kind.ERLANG)
          .shownDefault("required for erlang; not allowed otherwise");
  static final KeySection<ServiceModel> SERVICE_MODEL =
      new KeySection<>(
          "service_model",
          new ServiceModel(ReferenceConfig.SERVICE_DISTRIBUTION, 1, 1),
          List.of(SERVICE_DISTRIBUTION, SERVICE_MEAN_MS, SERVICE_SHAPE));

  // ------------------------------------------------------------------ faults

  static final ConfigKey<Fault, Double> FAULT_AT_S =
      ConfigKey.<Fault, Double>of(
              "at_s", KeyType.number(Bound.nonNegative()), Fault::atS, "When the fault starts.")
          .required()
          .shownType("number >= 0, < `duration_s`");
  static final ConfigKey<Fault, String> FAULT_KIND =
      ConfigKey.<Fault, String>of(
              "kind",
              KeyType.choice(names(Fault.Kind.values())),
              f -> f.kind().yamlName(),
              "What happens. A lost node's in-flight work is retried or counted as failed."
                  + " `transport_down` (needs a `disaggregation` block) removes a transport"
                  + " fleet-wide: KV transfers that start while it is down use the planner's"
                  + " fallback ([SIMULATOR.md](SIMULATOR.md#disaggregated-prefilldecode-on-measured-records));"
                  + " `cell` and `fraction` do not apply to it.")
          .required();
  static final ConfigKey<Fault, Long> FAULT_CELL =
      ConfigKey.<Fault, Long>of(
              "cell",
              KeyType.integer(Bound.integerAtLeast(0)),
              f -> (long) f.cell(),
              "The cell affected.")
          .writtenWhen(f -> !f.allCells())
          .shownType("integer in [0, cells − 1]")
          .shownDefault("every cell");
  static final ConfigKey<Fault, Double> FAULT_FRACTION =
      ConfigKey.<Fault, Double>of(
          "fraction",
          KeyType.number(Bound.fraction()),
          Fault::fraction,
          "Share of the affected nodes (of the cell, or of the fleet).");
  static final ConfigKey<Fault, Double> FAULT_FACTOR =
      ConfigKey.<Fault, Double>of(
              "factor",
              KeyType.number(Bound.atLeast(1)),
              Fault::factor,
              "slowdown: service times × factor; link_degrade: RTTs × factor and bandwidths ÷"
                  + " factor.")
          .writtenWhen(f -> f.kind() != Fault.Kind.NODE_LOSS && f.kind() != Fault.Kind.TRANSPORT_DOWN)
          .shownDefault(
              "required for `slowdown`, `link_degrade`; not allowed for `node_loss`,"
                  + " `transport_down`");
  static final ConfigKey<Fault, String> FAULT_TRANSPORT =
      ConfigKey.<Fault, String>of(
              "transport",
              KeyType.optionalText("transport name (`libfabric:efa`, `efa`, `nvlink`, `quic`)"),
              f -> f.transport() == null ? "" : f.transport(),
              "transport_down: the transport lost fleet-wide (a planner name or a provider);"
                  + " later KV transfers, pipeline hops and TP all-reduces use the planner's"
                  + " fallback. Needs a `disaggregation` block.")
          .writtenWhen(f -> f.kind() == Fault.Kind.TRANSPORT_DOWN)
          .shownDefault("required for `transport_down`; not allowed otherwise");
  static final ConfigKey<Fault, Double> FAULT_DURATION_S =
      ConfigKey.<Fault, Double>of(
              "duration_s",
              KeyType.number(Bound.positive()),
              Fault::durationS,
              "How long it lasts.")
          .writtenWhen(f -> !f.permanent())
          .shownDefault("the rest of the run");
  static final KeySection<Fault> FAULT =
      new KeySection<>(
          "faults[i]",
          new Fault(
              0,
              Fault.Kind.NODE_LOSS,
              ReferenceConfig.FAULT_CELL,
              ReferenceConfig.FAULT_FRACTION,
              1,
              ReferenceConfig.FAULT_DURATION_S),
          List.of(
              FAULT_AT_S,
              FAULT_KIND,
              FAULT_CELL,
              FAULT_FRACTION,
              FAULT_FACTOR,
              FAULT_TRANSPORT,
              FAULT_DURATION_S));

  // ------------------------------------------------------------------ disaggregation

  static final ConfigKey<DisaggregationConfig, String> RECORDS =
      ConfigKey.<DisaggregationConfig, String>of(
              "records",
              KeyType.text("a folder of capability records (or --records DIR)"),
              DisaggregationConfig::records,
              "Folder (or file) of capability records, relative to the working directory (as"
                  + " `planner plan --records`). `planner sim --records DIR` replaces it.")
          .required();
  static final ConfigKey<DisaggregationConfig, List<String>> HOSTS =
      ConfigKey.<DisaggregationConfig, List<String>>of(
              "hosts",
              KeyType.strings("record host", "the record host ids the cells are bound to")
                  .atLeastOne(),
              DisaggregationConfig::hosts,
              "Record host ids: cell c is a host like `hosts[c % len(hosts)]`, its nodes that"
                  + " host's GPUs in index order. Each host needs `nodes_per_cell` × `engine.tp` ×"
                  + " `engine.pp` GPUs in its record. When a server needs more GPUs than the first"
                  + " host has (TP 8 × PP 2 on 8-GPU hosts), a cell is that many consecutive hosts"
                  + " of the list and its nodes' GPUs run across them in order.")
          .required();
  static final ConfigKey<DisaggregationConfig, Long> PREFILL_NODES_PER_CELL =
      ConfigKey.<DisaggregationConfig, Long>of(
              "prefill_nodes_per_cell",
              KeyType.integer(Bound.integerAtLeast(0)),
              d -> (long) d.prefillNodesPerCell(),
              "The first this-many nodes of every cell prefill; the others decode. 0: every node"
                  + " prefills and decodes and nothing is handed off (a fleet bound to records only"
                  + " for its TP and PP hops; a P/D router's pair is served on its prefill node).")
          .shownType("integer in [0, `nodes_per_cell` − 1]");
  static final ConfigKey<DisaggregationConfig, List<String>> DISABLE_TRANSPORTS =
      ConfigKey.of(
          "disable_transports",
          KeyType.strings("transport", "transport names"),
          DisaggregationConfig::disabledTransports,
          "What-if: transports the planner may not choose for KV transfers, by name"
              + " (`libfabric:efa`, `nvlink`, `quic`) or provider (`efa`). `planner sim"
              + " --disable-transport NAME` (repeatable) replaces the list.");
  static final ConfigKey<DisaggregationConfig, Boolean> LAYERWISE_TRANSFER =
      ConfigKey.of(
          "layerwise_transfer",
          KeyType.flag(),
          DisaggregationConfig::layerwiseTransfer,
          "Stream a prompt's KV to the decode node layer by layer while its last prefill step"
              + " runs (Mooncake, LMCache), so only the last layer's share waits after prefill;"
              + " false: the whole cache moves once prefill ends (vLLM's NIXL connector). Needs"
              + " `engine.model` (its layer count).");
  static final KeySection<DisaggregationConfig> DISAGGREGATION =
      new KeySection<>(
          "disaggregation",
          new DisaggregationConfig("", List.of(), 1, List.of(), false),
          List.of(RECORDS, HOSTS, PREFILL_NODES_PER_CELL, DISABLE_TRANSPORTS, LAYERWISE_TRANSFER));

  // ------------------------------------------------------------------ workload.arrival

  static final ConfigKey<Arrival.Poisson, Double> POISSON_RPS =
      ConfigKey.<Arrival.Poisson, Double>of(
              "rps",
              KeyType.number(Bound.positive()),
              Arrival.Poisson::rps,
              "`type: poisson`: exponential inter-arrival times at `rps` requests per second.")
          .required()
          .shownDefault("required for `poisson`");
  static final KeySection<Arrival.Poisson> POISSON =
      new KeySection<>(
          "workload.arrival",
          new Arrival.Poisson(1),
          List.of(POISSON_RPS),
          (map, defaults) -> new Arrival.Poisson(POISSON_RPS.require(map)));
  static final ConfigKey<Arrival.Mmpp, Long> MMPP_STATES =
      ConfigKey.<Arrival.Mmpp, Long>of(
              "states",
              KeyType.integer(Bound.integerIn(1, 1_000_000)),
              m -> (long) m.states(),
              "`type: mmpp`: a Markov-modulated Poisson process. As in mesh-sim, states are visited"
                  + " in order 0, 1, ..., states-1, 0, ...; state i lasts `dwell_s[i]` seconds at"
                  + " rate `rates_rps[i]`. Mean rate = Σ rate·dwell / Σ dwell.")
          .required()
          .shownDefault("required for `mmpp`");
  static final ConfigKey<Arrival.Mmpp, List<Double>> MMPP_RATES_RPS =
      ConfigKey.<Arrival.Mmpp, List<Double>>of(
              "rates_rps",
              KeyType.numbers(Bound.nonNegative()),
              Arrival.Mmpp::ratesRps,
              "`type: mmpp`: each state's rate, one per state, at least one > 0.")
          .required()
          .shownDefault("required for `mmpp`");
  static final ConfigKey<Arrival.Mmpp, List<Double>> MMPP_DWELL_S =
      ConfigKey.<Arrival.Mmpp, List<Double>>of(
              "dwell_s",
              KeyType.numbers(Bound.positive()),
              Arrival.Mmpp::dwellS,
              "`type: mmpp`: seconds in each state, one per state.")
          .required()
          .shownDefault("required for `mmpp`");
  static final KeySection<Arrival.Mmpp> MMPP =
      new KeySection<>(
          "workload.arrival",
          new Arrival.Mmpp(1, List.of(1.0), List.of(1.0)),
          List.of(MMPP_STATES, MMPP_RATES_RPS, MMPP_DWELL_S),
          WorkloadReader::mmpp);

  // ------------------------------------------------------------------ workload.mix, tenants

  static final ConfigKey<RequestMix, Double> MIX_LLM =
      ConfigKey.<RequestMix, Double>of(
              "llm", KeyType.number(Bound.nonNegative()), RequestMix::llm, "Fraction of LLM requests.")
          .shownDefault("`0`");
  static final ConfigKey<RequestMix, Double> MIX_VISION =
      ConfigKey.<RequestMix, Double>of(
              "vision", KeyType.number(Bound.nonNegative()), RequestMix::vision, "Fraction of vision requests.")
          .shownDefault("`0`");
  static final ConfigKey<RequestMix, Double> MIX_ASR =
      ConfigKey.<RequestMix, Double>of(
              "asr", KeyType.number(Bound.nonNegative()), RequestMix::asr, "Fraction of speech (ASR) requests.")
          .shownDefault("`0`");
  static final KeySection<RequestMix> MIX =
      new KeySection<>(
          "workload.mix",
          ReferenceConfig.MIX,
          List.of(MIX_LLM, MIX_VISION, MIX_ASR),
          (map, defaults) -> WorkloadReader.mix(map));

  static final ConfigKey<TenantSkew.Zipf, Double> ZIPF_S =
      ConfigKey.<TenantSkew.Zipf, Double>of(
              "s",
              KeyType.number(Bound.positive()),
              TenantSkew.Zipf::s,
              "`type: zipf`: tenant k has weight 1/k^s. (`type: uniform` has no other key.)")
          .required()
          .shownDefault("required for `zipf`");
  static final KeySection<TenantSkew.Zipf> ZIPF =
      new KeySection<>(
          "workload.tenants.skew",
          new TenantSkew.Zipf(1),
          List.of(ZIPF_S),
          (map, defaults) -> new TenantSkew.Zipf(ZIPF_S.require(map)));
  static final KeySection<TenantSkew.Uniform> UNIFORM =
      new KeySection<>(
          "workload.tenants.skew",
          new TenantSkew.Uniform(),
          List.of(),
          (map, defaults) -> defaults);
  static final ConfigKey<TenantConfig, TenantSkew> SKEW =
      ConfigKey.of(
          "skew",
          KeyType.tagged(
              ReferenceConfig.TENANTS.skew(),
              List.of(
                  new KeyType.Variant<>("zipf", TenantSkew.Zipf.class, ZIPF),
                  new KeyType.Variant<>("uniform", TenantSkew.Uniform.class, UNIFORM))),
          TenantConfig::skew,
          "How requests spread over tenants.");
  static final ConfigKey<TenantConfig, Long> TENANT_COUNT =
      ConfigKey.of(
          "count",
          KeyType.integer(Bound.integerIn(1, Integer.MAX_VALUE)),
          t -> (long) t.count(),
          "Number of tenants (mesh-sim without `tenants`: one tenant).");
  static final KeySection<TenantConfig> TENANTS =
      new KeySection<>(
          "workload.tenants",
          ReferenceConfig.TENANTS,
          List.of(SKEW, TENANT_COUNT),
          (map, defaults) ->
              new TenantConfig(
                  SKEW.read(map, defaults), TENANT_COUNT.read(map, defaults).intValue()));

  // ------------------------------------------------------------------ workload

  static final ConfigKey<WorkloadConfig, Double> WORKLOAD_DURATION_S =
      ConfigKey.<WorkloadConfig, Double>of(
              "duration_s",
              KeyType.number(Bound.positive()),
              WorkloadConfig::durationS,
              "Seconds during which requests arrive (as mesh-sim: arrivals stop after it).")
          .shownDefault("top-level `duration_s`");
  static final ConfigKey<WorkloadConfig, Arrival> ARRIVAL =
      ConfigKey.<WorkloadConfig, Arrival>of(
              "arrival",
              KeyType.tagged(
                  new Arrival.Poisson(1),
                  List.of(
                      new KeyType.Variant<>("poisson", Arrival.Poisson.class, POISSON),
                      new KeyType.Variant<>("mmpp", Arrival.Mmpp.class, MMPP))),
              WorkloadConfig::arrival,
              "How requests arrive: `{type: poisson, rps}` or `{type: mmpp, states, rates_rps,"
                  + " dwell_s}`.")
          .shownDefault("required (optional with `trace` or `shared_prefix`)");
  static final ConfigKey<WorkloadConfig, RequestMix> MIX_KEY =
      ConfigKey.<WorkloadConfig, RequestMix>of(
              "mix",
              KeyType.nested(MIX),
              WorkloadConfig::mix,
              "Fractions of the request types; each finite and >= 0, and they must sum to 1"
                  + " (within 10⁻⁹): a mix summing to 1.3 is refused with its sum named, not"
                  + " rescaled. A key left out of a given `mix` is 0.")
          .shownDefault("`{llm: 1, vision: 0, asr: 0}`");
  static final ConfigKey<WorkloadConfig, LlmWorkload> LLM_KEY =
      ConfigKey.<WorkloadConfig, LlmWorkload>of(
              "llm", KeyType.nested(LLM), WorkloadConfig::llm, "Sizes of LLM requests.")
          .shownDefault("see below");
  static final ConfigKey<WorkloadConfig, VisionWorkload> VISION_KEY =
      ConfigKey.<WorkloadConfig, VisionWorkload>of(
              "vision", KeyType.nested(VISION), WorkloadConfig::vision, "Sizes of vision requests.")
          .shownDefault("see below");
  static final ConfigKey<WorkloadConfig, AsrWorkload> ASR_KEY =
      ConfigKey.<WorkloadConfig, AsrWorkload>of(
              "asr", KeyType.nested(ASR), WorkloadConfig::asr, "Sizes of speech requests.")
          .shownDefault("see below");
  static final ConfigKey<WorkloadConfig, TenantConfig> TENANTS_KEY =
      ConfigKey.of(
          "tenants",
          KeyType.nested(TENANTS),
          WorkloadConfig::tenants,
          "Tenants the requests belong to.");
  static final ConfigKey<WorkloadConfig, TraceConfig> TRACE_KEY =
      ConfigKey.<WorkloadConfig, TraceConfig>of(
              "trace",
              KeyType.nested(TRACE),
              w -> w.trace().orElse(null),
              "Replay a request trace instead of drawing requests (then `arrival`, `mix`, `llm`,"
                  + " `vision`, `asr` are unused and `arrival` is optional); see [Trace"
                  + " replay](#trace-replay).")
          .writtenWhen(w -> w.trace().isPresent())
          .shownDefault("absent");
  static final ConfigKey<WorkloadConfig, Double> CLIENT_TIMEOUT_S =
      ConfigKey.<WorkloadConfig, Double>of(
              "client_timeout_s",
              KeyType.number(Bound.positive()),
              w -> w.clientTimeoutS().orElse(Double.NaN),
              "Each request's client disconnects this long after the request arrived if it has no"
                  + " answer yet. As vLLM aborts a request whose client went away, the engine takes"
                  + " it off its server wherever it is (queued, prefilling or decoding; its KV blocks"
                  + " freed, hedge copies too) and it counts as **failed**. `planner fidelity` sets"
                  + " 300 (inference-perf's timeout in the measured runs).")
          .writtenWhen(w -> w.clientTimeoutS().isPresent())
          .shownDefault("absent (clients wait)");
  static final ConfigKey<WorkloadConfig, SharedPrefixWorkload> SHARED_PREFIX_KEY =
      ConfigKey.<WorkloadConfig, SharedPrefixWorkload>of(
              "shared_prefix",
              KeyType.nested(SHARED_PREFIX),
              w -> w.sharedPrefix().orElse(null),
              "inference-perf's shared_prefix workload instead of drawn requests (`arrival`"
                  + " optional); needs `workload.stages`; see"
                  + " [shared_prefix](#shared_prefix-and-stages). Not with `trace`.")
          .writtenWhen(w -> w.sharedPrefix().isPresent())
          .shownDefault("absent");
  static final ConfigKey<WorkloadConfig, List<LoadStage>> STAGES_KEY =
      ConfigKey.<WorkloadConfig, List<LoadStage>>of(
              "stages",
              KeyType.list(STAGE),
              w -> w.sharedPrefix().map(SharedPrefixWorkload::stages).orElse(List.of()),
              "Constant-rate stages, back to back.")
          .writtenWhen(w -> w.sharedPrefix().isPresent())
          .shownDefault("required with `shared_prefix`");
  static final KeySection<WorkloadConfig> WORKLOAD =
      new KeySection<>(
          "workload",
          new WorkloadConfig(
              1, new Arrival.Poisson(1), ReferenceConfig.MIX, LLM.defaults(), VISION.defaults(),
              ASR.defaults(), ReferenceConfig.TENANTS, Optional.empty(), Optional.empty(),
              Optional.empty()),
          List.of(
              WORKLOAD_DURATION_S,
              ARRIVAL,
              MIX_KEY,
              LLM_KEY,
              VISION_KEY,
              ASR_KEY,
              TENANTS_KEY,
              TRACE_KEY,
              CLIENT_TIMEOUT_S,
              SHARED_PREFIX_KEY,
              STAGES_KEY));

  // ------------------------------------------------------------------ top level

  static final ConfigKey<SimulationConfig, Long> SEED =
      ConfigKey.of(
              "seed",
              KeyType.integer(Bound.integerAtLeast(0)),
              SimulationConfig::seed,
              "Root of every random stream; `planner sim --seed` overrides it. Same seed and config"
                  + " give byte-identical results.")
          .shownDefault("`42` (mesh-sim's examples)");
  static final ConfigKey<SimulationConfig, Double> DURATION_S =
      ConfigKey.<SimulationConfig, Double>of(
              "duration_s",
              KeyType.number(Bound.positive()),
              SimulationConfig::durationS,
              "Simulated time, seconds.")
          .required();
  static final ConfigKey<SimulationConfig, Double> WARMUP_S =
      ConfigKey.<SimulationConfig, Double>of(
              "warmup_s",
              KeyType.number(Bound.nonNegative()),
              SimulationConfig::warmupS,
              "Leading seconds whose requests are simulated but left out of the metrics.")
          .shownType("number >= 0, < `duration_s`");
  static final ConfigKey<SimulationConfig, Double> DECISION_COST_US =
      ConfigKey.<SimulationConfig, Double>of(
              "decision_cost_us",
              KeyType.number(Bound.nonNegative()),
              SimulationConfig::decisionCostUs,
              "Simulated time each routing decision takes, in microseconds: the strategy decides on"
                  + " the state it sees at the request's arrival (or retry, or hedge), and the"
                  + " request leaves for its node that much later, so the cost shows up in latency"
                  + " and TTFT. Set it from `planner bench`'s measured ns/decision to charge a"
                  + " strategy's real decision cost.")
          .shownDefault("`0` (mesh-sim charges none)");
  static final ConfigKey<SimulationConfig, WorkloadConfig> WORKLOAD_KEY =
      ConfigKey.<SimulationConfig, WorkloadConfig>of(
              "workload", KeyType.nested(WORKLOAD), SimulationConfig::workload,
              "[Workload](#workload).")
          .required();
  static final ConfigKey<SimulationConfig, TopologyConfig> TOPOLOGY_KEY =
      ConfigKey.<SimulationConfig, TopologyConfig>of(
              "topology", KeyType.nested(TOPOLOGY), SimulationConfig::topology,
              "[Topology](#topology).")
          .required();
  static final ConfigKey<SimulationConfig, NetworkConfig> NETWORK_KEY =
      ConfigKey.<SimulationConfig, NetworkConfig>of(
              "network", KeyType.nested(NETWORK), SimulationConfig::network,
              "[Network](#network).")
          .shownDefault("mesh-sim's defaults");
  static final ConfigKey<SimulationConfig, SignalConfig> SIGNALS_KEY =
      ConfigKey.<SimulationConfig, SignalConfig>of(
              "signals", KeyType.nested(SIGNALS), SimulationConfig::signals,
              "[Signals](#signals-staleness).")
          .shownDefault("mesh-sim's small example");
  static final ConfigKey<SimulationConfig, ServiceModel> SERVICE_MODEL_KEY =
      ConfigKey.<SimulationConfig, ServiceModel>of(
              "service_model",
              KeyType.nested(SERVICE_MODEL),
              c -> c.serviceModel().orElse(null),
              "[Service model](#service_model-validation-runs) for queueing-theory validation"
                  + " runs. Absent: the GPU token model serves requests.")
          .writtenWhen(c -> c.serviceModel().isPresent())
          .shownDefault("absent");
  static final ConfigKey<SimulationConfig, List<Fault>> FAULTS =
      ConfigKey.of(
          "faults",
          KeyType.list(FAULT),
          SimulationConfig::faults,
          "[Faults](#faults), applied in order of `at_s`.");
  static final ConfigKey<SimulationConfig, List<String>> STRATEGIES =
      ConfigKey.of(
          "strategies",
          KeyType.strings("strategy", "strategy names")
              .asLines()
              .atLeastOne()
              .distinctItems()
              .spelled(
                  Pattern.compile("[A-Za-z_][A-Za-z0-9_.$-]*"),
                  "a strategy name or class name (letters, digits, _ . $ -)"),
          SimulationConfig::strategies,
          "Routing strategies to compare, in order; no duplicates. A built-in name, a name from"
              + " a strategy jar's service entry, or a class name (letters, digits, `_ . $ -`)."
              + " `planner sim --strategy` overrides it.");
  static final ConfigKey<SimulationConfig, SortedMap<String, SortedMap<String, Object>>>
      STRATEGY_PARAMS =
          ConfigKey.of(
              "strategy_params",
              KeyType.settings(),
              SimulationConfig::strategyParams,
              "Settings per strategy: `strategy_params.<name>.<key>: value` (number, boolean or"
                  + " string). Each `<name>` must be one of `strategies`. The strategy checks its"
                  + " own keys (e.g. `power_of_two: { d: 2 }`).");
  static final ConfigKey<SimulationConfig, DisaggregationConfig> DISAGGREGATION_KEY =
      ConfigKey.<SimulationConfig, DisaggregationConfig>of(
              "disaggregation",
              KeyType.nested(DISAGGREGATION),
              c -> c.disaggregation().orElse(null),
              "[Disaggregation](#disaggregation): the fleet bound to capability records, with"
                  + " prefill and decode nodes. Absent: every node serves requests whole.")
          .writtenWhen(c -> c.disaggregation().isPresent())
          .shownDefault("absent");
  /** The root mapping; its reader checks keys against each other (warmup_s against duration_s). */
  static final KeySection<SimulationConfig> ROOT =
      new KeySection<>(
          "",
          new SimulationConfig(
              ReferenceConfig.SEED,
              1,
              ReferenceConfig.WARMUP_S,
              WORKLOAD.defaults(),
              TOPOLOGY.defaults(),
              ReferenceConfig.NETWORK,
              ReferenceConfig.SIGNALS,
              Optional.empty(),
              List.of(),
              ReferenceConfig.STRATEGIES,
              new TreeMap<>(),
              ReferenceConfig.DECISION_COST_US,
              Optional.empty()),
          List.of(
              SEED,
              DURATION_S,
              WARMUP_S,
              DECISION_COST_US,
              WORKLOAD_KEY,
              TOPOLOGY_KEY,
              NETWORK_KEY,
              SIGNALS_KEY,
              SERVICE_MODEL_KEY,
              FAULTS,
              STRATEGIES,
              STRATEGY_PARAMS,
              DISAGGREGATION_KEY));

  /** Every section with a table of its own in CONFIG.md, in CONFIG.md's order. */
  static final List<KeySection<?>> SECTIONS =
      List.of(
          ROOT, WORKLOAD, LLM, VISION, ASR, TRACE, TRACE_SHARED_PREFIX, SHARED_PREFIX, STAGE, TOPOLOGY, GPU_PROFILE,
          ENGINE, NETWORK, SIGNALS, SERVICE_MODEL, DISAGGREGATION, FAULT);

  /** The YAML spellings of an enum's constants (lower case). */
  private static List<String> names(Enum<?>[] values) {
    return java.util.Arrays.stream(values)
        .map(v -> v.name().toLowerCase(java.util.Locale.ROOT))
        .toList();
  }
}
