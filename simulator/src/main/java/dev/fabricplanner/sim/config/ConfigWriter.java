package dev.fabricplanner.sim.config;

import dev.fabricplanner.core.AtomicFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a config as YAML with every key present (the resolved config a run used), in a fixed key
 * order, so that it loads back to an equal {@link SimulationConfig} and the same config always
 * gives the same bytes. Optional comments, keyed by field path ({@code
 * topology.gpu_profiles[0].share}), annotate the generated examples.
 */
public final class ConfigWriter {
  private final Map<String, String> comments;

  private ConfigWriter(Map<String, String> comments) {
    this.comments = comments;
  }

  /** The resolved config as YAML. */
  public static String toYaml(SimulationConfig config) {
    return toYaml(config, null, Map.of());
  }

  /** The config as YAML under a header comment, with comments above the keys named in comments. */
  public static String toYaml(
      SimulationConfig config, String header, Map<String, String> comments) {
    String body = new ConfigWriter(comments).root(config).render();
    if (header == null) {
      return body;
    }
    StringBuilder out = new StringBuilder();
    for (String line : header.split("\n", -1)) {
      out.append(line.isEmpty() ? "#" : "# " + line).append('\n');
    }
    return out.append(body).toString();
  }

  /** Writes the resolved config to {@code file} atomically (a temp file beside it, then a move). */
  public static void write(SimulationConfig config, Path file) throws IOException {
    AtomicFile.writeString(file, toYaml(config));
  }

  private String note(String path) {
    return comments.get(path);
  }

  private YamlBlock root(SimulationConfig config) {
    YamlBlock root =
        new YamlBlock()
            .scalar("seed", YamlBlock.integer(config.seed()), note("seed"))
            .scalar("duration_s", YamlBlock.number(config.durationS()), note("duration_s"))
            .scalar("warmup_s", YamlBlock.number(config.warmupS()), note("warmup_s"))
            .scalar(
                "decision_cost_us",
                YamlBlock.number(config.decisionCostUs()),
                note("decision_cost_us"))
            .block("workload", workload(config.workload()), note("workload"))
            .block("topology", topology(config.topology()), note("topology"))
            .block("network", network(config.network()), note("network"))
            .block("signals", signals(config.signals()), note("signals"));
    config
        .serviceModel()
        .ifPresent(
            model -> root.block("service_model", serviceModel(model), note("service_model")));
    List<YamlBlock> faults = new ArrayList<>();
    for (Fault fault : config.faults()) {
      faults.add(fault(fault));
    }
    root.blocks("faults", faults, List.of(), note("faults"));
    List<String> strategies = new ArrayList<>();
    for (String strategy : config.strategies()) {
      strategies.add(YamlBlock.string(strategy));
    }
    root.lines("strategies", strategies, note("strategies"));
    YamlBlock params = new YamlBlock();
    config
        .strategyParams()
        .forEach(
            (strategy, settings) -> {
              YamlBlock block = new YamlBlock();
              settings.forEach((key, value) -> block.scalar(key, plain(value), null));
              params.block(strategy, block, note("strategy_params." + strategy));
            });
    return root.block("strategy_params", params, note("strategy_params"));
  }

  private YamlBlock workload(WorkloadConfig workload) {
    YamlBlock block = drawnWorkload(workload);
    workload.trace().ifPresent(trace -> block.block("trace", trace(trace), note("workload.trace")));
    workload.clientTimeoutS().ifPresent(s -> block.scalar("client_timeout_s", YamlBlock.number(s),
        note("workload.client_timeout_s")));
    workload
        .sharedPrefix()
        .ifPresent(
            shared -> {
              block.block("shared_prefix", sharedPrefix(shared), note("workload.shared_prefix"));
              List<YamlBlock> stages = new ArrayList<>();
              for (LoadStage stage : shared.stages()) {
                stages.add(
                    new YamlBlock()
                        .scalar("rate_rps", YamlBlock.number(stage.rateRps()), null)
                        .scalar("duration_s", YamlBlock.number(stage.durationS()), null));
              }
              block.blocks("stages", stages, List.of(), note("workload.stages"));
            });
    return block;
  }

  private static YamlBlock trace(TraceConfig trace) {
    YamlBlock block = new YamlBlock().scalar("file", YamlBlock.string(trace.file()), null);
    trace.format().ifPresent(format -> block.scalar("format", format.configName(), null));
    block.scalar("rate_scale", YamlBlock.number(trace.rateScale()), null);
    block.scalar("time_window", YamlBlock.string(trace.window().text()), null);
    trace
        .blockSize()
        .ifPresent(tokens -> block.scalar("block_size", YamlBlock.integer(tokens), null));
    block
        .scalar("skip_bad_lines", Boolean.toString(trace.skipBadLines()), null)
        .scalar("sort", Boolean.toString(trace.sort()), null);
    trace.prompts().ifPresent(p -> block.block("shared_prefix", new YamlBlock()
        .scalar("num_groups", YamlBlock.integer(p.numGroups()), null)
        .scalar("num_prompts_per_group", YamlBlock.integer(p.numPromptsPerGroup()), null)
        .scalar("system_prompt_len", YamlBlock.integer(p.systemPromptLen()), null)
        .scalar("question_len", YamlBlock.integer(p.questionLen()), null)
        .scalar("output_len", YamlBlock.integer(p.outputLen()), null), null));
    return block;
  }

  private static YamlBlock sharedPrefix(SharedPrefixWorkload shared) {
    return new YamlBlock()
        .scalar("num_groups", YamlBlock.integer(shared.numGroups()), null)
        .scalar("num_prompts_per_group", YamlBlock.integer(shared.numPromptsPerGroup()), null)
        .scalar("system_prompt_len", YamlBlock.integer(shared.systemPromptLen()), null)
        .scalar("question_len", YamlBlock.integer(shared.questionLen()), null)
        .scalar("question_len_std", YamlBlock.number(shared.questionLenStd()), null)
        .scalar("output_len", YamlBlock.integer(shared.outputLen()), null)
        .scalar("output_len_std", YamlBlock.number(shared.outputLenStd()), null)
        .scalar("enable_multi_turn_chat", Boolean.toString(shared.multiTurnChat()), null);
  }

  private YamlBlock drawnWorkload(WorkloadConfig workload) {
    RequestMix mix = workload.mix();
    return new YamlBlock()
        .scalar("duration_s", YamlBlock.number(workload.durationS()), note("workload.duration_s"))
        .block("arrival", arrival(workload.arrival()), note("workload.arrival"))
        .block(
            "mix",
            new YamlBlock()
                .scalar("llm", YamlBlock.number(mix.llm()), null)
                .scalar("vision", YamlBlock.number(mix.vision()), null)
                .scalar("asr", YamlBlock.number(mix.asr()), null),
            note("workload.mix"))
        .block(
            "llm",
            new YamlBlock()
                .block(
                    "in_tokens",
                    distribution(workload.llm().inTokens(), DistributionField.TOKENS),
                    note("workload.llm.in_tokens"))
                .block(
                    "out_tokens",
                    distribution(workload.llm().outTokens(), DistributionField.TOKENS),
                    note("workload.llm.out_tokens")),
            note("workload.llm"))
        .block(
            "vision",
            new YamlBlock()
                .block(
                    "image_size",
                    distribution(workload.vision().imageSize(), DistributionField.IMAGE_PIXELS),
                    note("workload.vision.image_size"))
                .block(
                    "processing_complexity",
                    distribution(
                        workload.vision().processingComplexity(), DistributionField.COMPLEXITY),
                    note("workload.vision.processing_complexity")),
            note("workload.vision"))
        .block(
            "asr",
            new YamlBlock()
                .block(
                    "audio_duration_s",
                    distribution(workload.asr().audioDurationS(), DistributionField.AUDIO_SECONDS),
                    note("workload.asr.audio_duration_s"))
                .scalar(
                    "sample_rate",
                    YamlBlock.integer(workload.asr().sampleRate()),
                    note("workload.asr.sample_rate")),
            note("workload.asr"))
        .block(
            "tenants",
            new YamlBlock()
                .block("skew", skew(workload.tenants().skew()), note("workload.tenants.skew"))
                .scalar(
                    "count",
                    YamlBlock.integer(workload.tenants().count()),
                    note("workload.tenants.count")),
            note("workload.tenants"));
  }

  private static YamlBlock arrival(Arrival arrival) {
    if (arrival instanceof Arrival.Mmpp mmpp) {
      return new YamlBlock()
          .scalar("type", "mmpp", null)
          .scalar("states", YamlBlock.integer(mmpp.states()), null)
          .scalars("rates_rps", numbers(mmpp.ratesRps()), null)
          .scalars("dwell_s", numbers(mmpp.dwellS()), null);
    }
    Arrival.Poisson poisson = (Arrival.Poisson) arrival;
    return new YamlBlock()
        .scalar("type", "poisson", null)
        .scalar("rps", YamlBlock.number(poisson.rps()), null);
  }

  private static YamlBlock skew(TenantSkew skew) {
    if (skew instanceof TenantSkew.Zipf zipf) {
      return new YamlBlock()
          .scalar("type", "zipf", null)
          .scalar("s", YamlBlock.number(zipf.s()), null);
    }
    return new YamlBlock().scalar("type", "uniform", null);
  }

  static YamlBlock distribution(Distribution distribution, DistributionField field) {
    YamlBlock block = new YamlBlock();
    if (distribution instanceof Distribution.Constant constant) {
      return block
          .scalar("dist", "constant", null)
          .scalar("value", YamlBlock.number(constant.value()), null);
    }
    if (distribution instanceof Distribution.Poisson poisson) {
      return block
          .scalar("dist", "poisson", null)
          .scalar("lambda", YamlBlock.number(poisson.lambda()), null);
    }
    if (distribution instanceof Distribution.Exponential exponential) {
      return block
          .scalar("dist", "exponential", null)
          .scalar("lambda", YamlBlock.number(exponential.lambda()), null);
    }
    if (distribution instanceof Distribution.LogNormal logNormal) {
      return block
          .scalar("dist", "lognormal", null)
          .scalar("mu", YamlBlock.number(logNormal.mu()), null)
          .scalar("sigma", YamlBlock.number(logNormal.sigma()), null);
    }
    if (distribution instanceof Distribution.Normal normal) {
      return block
          .scalar("dist", "normal", null)
          .scalar("mean", YamlBlock.number(normal.mean()), null)
          .scalar("std", YamlBlock.number(normal.std()), null);
    }
    if (distribution instanceof Distribution.Uniform uniform) {
      return block
          .scalar("dist", "uniform", null)
          .scalar(field.minKey, YamlBlock.number(uniform.min()), null)
          .scalar(field.maxKey, YamlBlock.number(uniform.max()), null);
    }
    Distribution.Discrete discrete = (Distribution.Discrete) distribution;
    return block
        .scalar("dist", "discrete", null)
        .scalars("values", numbers(discrete.values()), null)
        .scalars("weights", numbers(discrete.weights()), null);
  }

  private YamlBlock topology(TopologyConfig topology) {
    List<YamlBlock> profiles = new ArrayList<>();
    for (int i = 0; i < topology.gpuProfiles().size(); i++) {
      profiles.add(gpuProfile(topology.gpuProfiles().get(i), "topology.gpu_profiles[" + i + "]"));
    }
    List<YamlBlock> slices = new ArrayList<>();
    for (MigProfile slice : topology.mig().profiles()) {
      slices.add(
          new YamlBlock()
              .scalar("name", YamlBlock.string(slice.name()), null)
              .scalar("fraction", YamlBlock.number(slice.fraction()), null)
              .scalar("tokens_per_s", YamlBlock.integer(slice.tokensPerS()), null)
              .scalar("concurrency", YamlBlock.integer(slice.concurrency()), null));
    }
    return new YamlBlock()
        .scalar("cells", YamlBlock.integer(topology.cells()), note("topology.cells"))
        .scalar(
            "nodes_per_cell",
            YamlBlock.integer(topology.nodesPerCell()),
            note("topology.nodes_per_cell"))
        .blocks("gpu_profiles", profiles, List.of(), note("topology.gpu_profiles"))
        .block(
            "mig",
            new YamlBlock()
                .scalar("enable", Boolean.toString(topology.mig().enable()), null)
                .blocks("profiles", slices, List.of(), null),
            note("topology.mig"))
        .block("engine", engine(topology.engine()), note("topology.engine"));
  }

  private YamlBlock engine(EngineSettings engine) {
    YamlBlock block = new YamlBlock()
        .scalar(
            "max_num_batched_tokens",
            YamlBlock.integer(engine.maxNumBatchedTokens()),
            note("topology.engine.max_num_batched_tokens"))
        .scalar(
            "max_num_seqs",
            YamlBlock.integer(engine.maxNumSeqs()),
            note("topology.engine.max_num_seqs"))
        .scalar(
            "gpu_memory_utilization",
            YamlBlock.number(engine.gpuMemoryUtilization()),
            note("topology.engine.gpu_memory_utilization"))
        .scalar("block_size", YamlBlock.integer(engine.blockSize()), null)
        .scalar("activation_gb", YamlBlock.number(engine.activationGb()), null)
        .scalar("step_overhead_ms", YamlBlock.number(engine.stepOverheadMs()), null)
        .scalar("scheduling_delay_ms", YamlBlock.number(engine.schedulingDelayMs()), null)
        .scalar(
            "scheduling_delay_us_per_token",
            YamlBlock.number(engine.schedulingDelayUsPerToken()),
            null)
        .scalar("enable_prefix_caching", Boolean.toString(engine.enablePrefixCaching()), null);
    // model and gpu are names or absent (the profiles' own figures, the profiles' GPUs).
    if (engine.namesModel()) {
      block.scalar("model", YamlBlock.string(engine.model()), note("topology.engine.model"));
    }
    if (!engine.gpu().isEmpty()) {
      block.scalar("gpu", YamlBlock.string(engine.gpu()), null);
    }
    block
        .scalar("tp", YamlBlock.integer(engine.tp()), null)
        .scalar("execution_model", engine.executionModel(), null);
    if (!engine.coefficients().isEmpty()) {
      block.scalar("coefficients", YamlBlock.string(engine.coefficients()), null);
    }
    return block;
  }

  private YamlBlock gpuProfile(GpuProfile profile, String path) {
    return new YamlBlock()
        .scalar("name", YamlBlock.string(profile.name()), note(path + ".name"))
        .scalar(
            "tokens_per_s", YamlBlock.integer(profile.tokensPerS()), note(path + ".tokens_per_s"))
        .scalar(
            "concurrency", YamlBlock.integer(profile.concurrency()), note(path + ".concurrency"))
        .scalar(
            "vram_total_gb", YamlBlock.number(profile.vramTotalGb()), note(path + ".vram_total_gb"))
        .scalar(
            "batch_window_ms",
            YamlBlock.number(profile.batchWindowMs()),
            note(path + ".batch_window_ms"))
        .scalar(
            "kv_cache_gb_per_req",
            YamlBlock.number(profile.kvCacheGbPerReq()),
            note(path + ".kv_cache_gb_per_req"))
        .scalar(
            "prefill_tokens_per_s",
            YamlBlock.number(profile.prefillTokensPerS()),
            note(path + ".prefill_tokens_per_s"))
        .scalar(
            "decode_tokens_per_s",
            YamlBlock.number(profile.decodeTokensPerS()),
            note(path + ".decode_tokens_per_s"))
        .scalar(
            "decode_slowdown_per_seq",
            YamlBlock.number(profile.decodeSlowdownPerSeq()),
            note(path + ".decode_slowdown_per_seq"))
        .scalar(
            "model_weights_gb",
            YamlBlock.number(profile.modelWeightsGb()),
            note(path + ".model_weights_gb"))
        .scalar(
            "kv_bytes_per_token",
            YamlBlock.integer(profile.kvBytesPerToken()),
            note(path + ".kv_bytes_per_token"))
        .scalar(
            "price_per_hour",
            YamlBlock.number(profile.pricePerHour()),
            note(path + ".price_per_hour"))
        .scalar("share", YamlBlock.number(profile.share()), note(path + ".share"));
  }

  private YamlBlock network(NetworkConfig network) {
    VivaldiConfig coords = network.interCellCoords();
    return new YamlBlock()
        .block(
            "intra_cell_rtt_ms",
            distribution(network.intraCellRttMs(), DistributionField.LATENCY_MS),
            note("network.intra_cell_rtt_ms"))
        .block(
            "inter_cell_coords",
            new YamlBlock()
                .scalar("dim", YamlBlock.integer(coords.dim()), null)
                .scalar("base_rtt_ms", YamlBlock.number(coords.baseRttMs()), null)
                .scalar("noise", YamlBlock.number(coords.noise()), null),
            note("network.inter_cell_coords"))
        .block(
            "bw_mbps",
            new YamlBlock()
                .scalar("intra_cell", YamlBlock.integer(network.bwMbps().intraCell()), null)
                .scalar("inter_region", YamlBlock.integer(network.bwMbps().interRegion()), null),
            note("network.bw_mbps"));
  }

  private YamlBlock signals(SignalConfig signals) {
    SignalTransport transport = signals.transportMs();
    return new YamlBlock()
        .block("queue_depth_ms", range(signals.queueDepthMs()), note("signals.queue_depth_ms"))
        .block("vram_ms", range(signals.vramMs()), note("signals.vram_ms"))
        .block("p95_ms", range(signals.p95Ms()), note("signals.p95_ms"))
        .block(
            "transport_ms",
            new YamlBlock()
                .scalars("intra_cell", pair(transport.intraCell()), null)
                .scalars("inter_cell", pair(transport.interCell()), null),
            note("signals.transport_ms"));
  }

  private static YamlBlock range(DelayRange range) {
    return new YamlBlock()
        .scalar("min", YamlBlock.number(range.min()), null)
        .scalar("max", YamlBlock.number(range.max()), null);
  }

  private static List<String> pair(DelayRange range) {
    return List.of(YamlBlock.number(range.min()), YamlBlock.number(range.max()));
  }

  private static YamlBlock serviceModel(ServiceModel model) {
    YamlBlock block =
        new YamlBlock()
            .scalar("distribution", model.distribution().yamlName(), null)
            .scalar("mean_ms", YamlBlock.number(model.meanMs()), null);
    if (model.distribution() == ServiceModel.Kind.ERLANG) {
      block.scalar("shape", YamlBlock.integer(model.shape()), null);
    }
    return block;
  }

  /** Defaults (all cells, for the rest of the run) are left out, as the loader reads them back. */
  private static YamlBlock fault(Fault fault) {
    YamlBlock block =
        new YamlBlock()
            .scalar("at_s", YamlBlock.number(fault.atS()), null)
            .scalar("kind", fault.kind().yamlName(), null);
    if (!fault.allCells()) {
      block.scalar("cell", YamlBlock.integer(fault.cell()), null);
    }
    block.scalar("fraction", YamlBlock.number(fault.fraction()), null);
    if (fault.kind() != Fault.Kind.NODE_LOSS) {
      block.scalar("factor", YamlBlock.number(fault.factor()), null);
    }
    if (!fault.permanent()) {
      block.scalar("duration_s", YamlBlock.number(fault.durationS()), null);
    }
    return block;
  }

  private static List<String> numbers(List<Double> values) {
    List<String> texts = new ArrayList<>();
    for (double value : values) {
      texts.add(YamlBlock.number(value));
    }
    return texts;
  }

  private static String plain(Object value) {
    if (value instanceof Double number) {
      // Keep a decimal point so that the value reads back as a Double, not a Long.
      String text = YamlBlock.number(number);
      return text.contains(".") || text.contains("E") ? text : text + ".0";
    }
    if (value instanceof String text) {
      return YamlBlock.string(text);
    }
    return String.valueOf(value);
  }
}
