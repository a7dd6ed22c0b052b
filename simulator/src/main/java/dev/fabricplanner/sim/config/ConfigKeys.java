package dev.fabricplanner.sim.config;

import java.util.List;

/**
 * Every migrated config key, described once (docs/CONFIG.md, "Adding a key"). Readers read through
 * these constants, {@link ConfigWriter} writes each section by iterating its keys, and CONFIG.md's
 * tables between {@code <!-- keys: PATH -->} markers are generated from them ({@link ConfigDocs}).
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
              EXECUTION_MODEL,
              COEFFICIENTS));

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
          "Refresh period of each node's resources (busy slots, VRAM).");
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
  static final KeySection<SignalConfig> SIGNALS =
      new KeySection<>(
          "signals",
          ReferenceConfig.SIGNALS,
          List.of(QUEUE_DEPTH_MS, VRAM_MS, P95_MS, TRANSPORT_MS),
          (m, d) -> {
            DelayRange queue = QUEUE_DEPTH_MS.read(m, d);
            DelayRange vram = VRAM_MS.read(m, d);
            P95_MS.read(m, d);
            return new SignalConfig(queue, vram, TRANSPORT_MS.read(m, d));
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
              "What happens. A lost node's in-flight work is retried or counted as failed.")
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
          .writtenWhen(f -> f.kind() != Fault.Kind.NODE_LOSS)
          .shownDefault("required for `slowdown`, `link_degrade`; not allowed for `node_loss`");
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
              FAULT_AT_S, FAULT_KIND, FAULT_CELL, FAULT_FRACTION, FAULT_FACTOR, FAULT_DURATION_S));

  /** Every migrated section, in CONFIG.md's order. */
  static final List<KeySection<?>> SECTIONS =
      List.of(ENGINE, NETWORK, SIGNALS, SERVICE_MODEL, FAULT);

  /** The YAML spellings of an enum's constants (lower case). */
  private static List<String> names(Enum<?>[] values) {
    return java.util.Arrays.stream(values)
        .map(v -> v.name().toLowerCase(java.util.Locale.ROOT))
        .toList();
  }
}
