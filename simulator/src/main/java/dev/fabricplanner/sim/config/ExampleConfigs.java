package dev.fabricplanner.sim.config;

import dev.fabricplanner.core.NameHint;
import dev.fabricplanner.core.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The bundled example configs ({@code planner generate --example-type ...}) and the queueing-theory
 * validation configs, written with comments that give every hardware figure's source. The files
 * under examples/ are this class's output (a test keeps them equal).
 */
public final class ExampleConfigs {
  /** The example types {@code planner generate} writes. */
  public static final List<String> TYPES = List.of("small", "medium", "large", "xlarge");

  /** The validation configs under examples/validation/. */
  public static final List<String> VALIDATION = List.of("mm1", "mmc", "md1");

  private static final String SOURCES =
      "Sources: the team's gpu-serving-profiles.md (§ = its section, (d) = derived there or"
          + " here),\n"
          + "which quotes vidur, splitwise-sim, TensorRT-LLM, NVIDIA and price lists;"
          + " docs/CONFIG.md lists them.";

  private ExampleConfigs() {}

  /** The YAML of example {@code type}; an unknown type is a user error with a did-you-mean hint. */
  public static String forType(String type) throws InvalidInputException {
    if (!TYPES.contains(type)) {
      throw new InvalidInputException(
          "--example-type: unknown example type \"" + type + "\"" + NameHint.hint(type, TYPES));
    }
    return yaml(type).orElseThrow();
  }

  /** The YAML text of one example or validation config, or empty for an unknown name. */
  public static Optional<String> yaml(String name) {
    return switch (name) {
      case "small" -> Optional.of(small());
      case "medium" -> Optional.of(medium());
      case "large" -> Optional.of(large());
      case "xlarge" -> Optional.of(xlarge());
      case "mm1" -> Optional.of(mm1());
      case "mmc" -> Optional.of(mmc());
      case "md1" -> Optional.of(md1());
      default -> Optional.empty();
    };
  }

  private static String small() {
    List<GpuProfile> profiles =
        List.of(
            profile("H100-SXM-80GB", GpuCatalog.H100, 3),
            profile("A100-SXM-80GB", GpuCatalog.A100, 1));
    SimulationConfig config =
        new SimulationConfig(
            42,
            60,
            10,
            workload(
                60,
                new Arrival.Poisson(SMALL_RPS),
                new RequestMix(0.8, 0.1, 0.1),
                new TenantConfig(new TenantSkew.Zipf(1.1), 20)),
            new TopologyConfig(4, 16, profiles, MigConfig.disabled()),
            ReferenceConfig.NETWORK,
            ReferenceConfig.SIGNALS,
            Optional.empty(),
            List.of(new Fault(30, Fault.Kind.SLOWDOWN, 1, 0.25, 2.0, 15)),
            List.of("baseline_rr", "least_queue", "power_of_two"),
            powerOfTwo(),
            ReferenceConfig.DECISION_COST_US,
            Optional.empty());
    Map<String, String> notes = notes(profiles);
    notes.put(
        "workload.arrival",
        "About 2/3 of the A100s' capacity under round robin, which loads every node alike:"
            + "\nan A100 node falls behind past about 7 req/s of this mix (docs/CONFIG.md).");
    notes.put("faults", "A quarter of cell 1's nodes run at half speed from 30 s to 45 s.");
    return ConfigWriter.toYaml(
        config,
        header(
            "small",
            "4 cells x 16 nodes (64 GPUs: 3/4 H100, 1/4 A100), Poisson 300 req/s for 60 s.\n"
                + "Runs in seconds: planner sim --config examples/small.yaml"),
        notes);
  }

  /** small.yaml's rate: about 2/3 of what its A100 nodes sustain under round robin. */
  public static final double SMALL_RPS = 300;

  /** medium.yaml's rate: about 40% of what its L40S nodes sustain under round robin. */
  public static final double MEDIUM_RPS = 14_000;

  private static String medium() {
    List<GpuProfile> profiles =
        List.of(
            profile("H100-SXM-80GB", GpuCatalog.H100, 2),
            profile("A100-SXM-80GB", GpuCatalog.A100, 1),
            profile("L40S-48GB", GpuCatalog.L40S, 1));
    SimulationConfig config =
        new SimulationConfig(
            42,
            60,
            10,
            workload(
                60,
                new Arrival.Poisson(MEDIUM_RPS),
                new RequestMix(0.7, 0.2, 0.1),
                new TenantConfig(new TenantSkew.Zipf(1.1), 100)),
            new TopologyConfig(8, 1024, profiles, MigConfig.disabled()),
            ReferenceConfig.NETWORK,
            ReferenceConfig.SIGNALS,
            Optional.empty(),
            List.of(new Fault(30, Fault.Kind.NODE_LOSS, 3, 0.1, 1, Double.POSITIVE_INFINITY)),
            List.of("baseline_rr", "random", "least_queue", "power_of_two"),
            powerOfTwo(),
            ReferenceConfig.DECISION_COST_US,
            Optional.empty());
    Map<String, String> notes = notes(profiles);
    notes.put(
        "workload.arrival",
        "About 40% of the L40S nodes' capacity under round robin, which loads every node alike:"
            + "\nan L40S node falls behind past about 4.5 req/s of this mix (docs/CONFIG.md).");
    notes.put("faults", "10% of cell 3's nodes are lost at 30 s; their work is retried or failed.");
    return ConfigWriter.toYaml(
        config,
        header(
            "medium",
            "8 cells x 1,024 nodes = 8,192 GPUs (H100/A100/L40S 2:1:1), as InferMesh mesh-sim's\n"
                + "8K-node medium example; llm/vision/asr mix 0.7/0.2/0.1, Zipf tenants."),
        notes);
  }

  /** mesh-sim's large shape: MMPP bursts over 1,800 s, MIG slices; ten times its arrival rates. */
  private static String large() {
    return bigFleet(
        "large",
        128,
        1800,
        new Arrival.Mmpp(3, List.of(2_000.0, 8_000.0, 15_000.0), List.of(30.0, 30.0, 10.0)),
        "128 cells x 1,024 nodes = 131,072 GPUs, as InferMesh mesh-sim's large example: MMPP\n"
            + "bursts for 1,800 s, MIG slices. Rates are ten times mesh-sim's (200/800/1500"
            + " req/s):\n"
            + "a light load; this example tests routing at scale.");
  }

  private static String xlarge() {
    return bigFleet(
        "xlarge",
        1024,
        600,
        new Arrival.Mmpp(3, List.of(5_000.0, 20_000.0, 40_000.0), List.of(30.0, 30.0, 10.0)),
        "1,024 cells x 1,024 nodes = 1,048,576 GPUs (mesh-sim claims 1M+ nodes), MMPP bursts\n"
            + "for 600 s: tests that routing stays sublinear in fleet size.");
  }

  private static String bigFleet(
      String name, int cells, double durationS, Arrival arrival, String description) {
    List<GpuProfile> profiles =
        List.of(
            profile("H100-SXM-80GB", GpuCatalog.H100, 2),
            profile("H200-SXM-141GB", GpuCatalog.H200, 1),
            profile("A100-SXM-80GB", GpuCatalog.A100, 1));
    MigConfig mig = new MigConfig(true, List.of(slice("1g.10gb", 0.125), slice("2g.20gb", 0.25)));
    SimulationConfig config =
        new SimulationConfig(
            42,
            durationS,
            60,
            workload(
                durationS,
                arrival,
                new RequestMix(0.7, 0.2, 0.1),
                new TenantConfig(new TenantSkew.Zipf(1.1), 1000)),
            new TopologyConfig(cells, 1024, profiles, mig),
            ReferenceConfig.NETWORK,
            ReferenceConfig.SIGNALS,
            Optional.empty(),
            List.of(),
            List.of("baseline_rr", "least_queue", "power_of_two"),
            powerOfTwo(),
            ReferenceConfig.DECISION_COST_US,
            Optional.empty());
    Map<String, String> notes = notes(profiles);
    notes.put("workload.arrival", "States cycle in order: 30 s low, 30 s medium, 10 s burst.");
    notes.put(
        "topology.mig",
        "mesh-sim's large example's slices. tokens_per_s and concurrency are fraction x the H100\n"
            + "entry's (19,512 tok/s, 342 sequences) (d): our sources have no MIG figures.");
    return ConfigWriter.toYaml(config, header(name, description), notes);
  }

  private static String mm1() {
    return validation(
        "mm1",
        new ServiceModel(ServiceModel.Kind.EXPONENTIAL, 10, 1),
        1,
        70,
        "M/M/1: Poisson arrivals at 70/s, one server, exponential service with mean 10 ms\n"
            + "(rho = 0.7). Theory: mean time in system W = 1 / (mu - lambda) = 33.33 ms,\n"
            + "mean queue wait Wq = rho / (mu - lambda) = 23.33 ms.");
  }

  private static String mmc() {
    return validation(
        "mmc",
        new ServiceModel(ServiceModel.Kind.EXPONENTIAL, 40, 1),
        4,
        80,
        "M/M/c: Poisson arrivals at 80/s, c = 4 servers (the node's concurrency), exponential\n"
            + "service with mean 40 ms (rho = 0.8). Theory (Erlang C): P(wait) = 0.5964,\n"
            + "Wq = C / (c mu - lambda) = 29.82 ms, W = 69.82 ms.");
  }

  private static String md1() {
    return validation(
        "md1",
        new ServiceModel(ServiceModel.Kind.DETERMINISTIC, 10, 1),
        1,
        70,
        "M/D/1: Poisson arrivals at 70/s, one server, every service exactly 10 ms (rho = 0.7).\n"
            + "Theory (Pollaczek-Khinchine): Wq = rho / (2 mu (1 - rho)) = 11.67 ms, W = 21.67"
            + " ms.");
  }

  /** One node, zero network delay, fresh signals, a plain service-time model. */
  private static String validation(
      String name, ServiceModel model, int servers, double rps, String description) {
    GpuProfile base = profile("server", GpuCatalog.H100, 1);
    GpuProfile server =
        new GpuProfile(
            base.name(),
            base.tokensPerS(),
            servers,
            base.vramTotalGb(),
            0,
            base.kvCacheGbPerReq(),
            base.prefillTokensPerS(),
            base.decodeTokensPerS(),
            base.decodeSlowdownPerSeq(),
            base.modelWeightsGb(),
            base.kvBytesPerToken(),
            base.pricePerHour(),
            base.share());
    NetworkConfig noDelay =
        new NetworkConfig(
            new Distribution.Constant(0),
            new VivaldiConfig(3, 0, 0),
            ReferenceConfig.NETWORK.bwMbps());
    SimulationConfig config =
        new SimulationConfig(
            42,
            2100,
            100,
            workload(2100, new Arrival.Poisson(rps), ReferenceConfig.MIX, ReferenceConfig.TENANTS),
            new TopologyConfig(1, 1, List.of(server), MigConfig.disabled()),
            noDelay,
            SignalConfig.fresh(),
            Optional.of(model),
            List.of(),
            List.of("baseline_rr"),
            new TreeMap<>(),
            ReferenceConfig.DECISION_COST_US,
            Optional.empty());
    Map<String, String> notes = new LinkedHashMap<>();
    notes.put(
        "service_model",
        "Replaces the GPU token model: each request takes one sample of this" + " distribution.");
    notes.put("topology.gpu_profiles[0].concurrency", "The number of servers (c).");
    notes.put(
        "topology.gpu_profiles[0].batch_window_ms",
        "No batching delay: a request starts at" + " once.");
    notes.put(
        "topology.gpu_profiles[0].tokens_per_s",
        "The token fields below are unused with" + " service_model.");
    notes.put("warmup_s", "Left out of the metrics, so that the queue starts near steady state.");
    notes.put("network", "No network delay and fresh signals: the queue alone is measured.");
    return ConfigWriter.toYaml(
        config,
        "Fabric Planner validation config "
            + name
            + " (examples/validation/"
            + name
            + ".yaml, from planner's ExampleConfigs).\n"
            + description,
        notes);
  }

  private static WorkloadConfig workload(
      double durationS, Arrival arrival, RequestMix mix, TenantConfig tenants) {
    return new WorkloadConfig(
        durationS,
        arrival,
        mix,
        new LlmWorkload(ReferenceConfig.LLM_IN_TOKENS, ReferenceConfig.LLM_OUT_TOKENS),
        ReferenceConfig.VISION,
        ReferenceConfig.ASR,
        tenants,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  private static GpuProfile profile(String name, GpuCatalog.GpuDefaults gpu, double share) {
    GpuProfile defaults = TopologyReader.profileDefaults(gpu.name());
    return new GpuProfile(
        name,
        defaults.tokensPerS(),
        defaults.concurrency(),
        defaults.vramTotalGb(),
        defaults.batchWindowMs(),
        defaults.kvCacheGbPerReq(),
        defaults.prefillTokensPerS(),
        defaults.decodeTokensPerS(),
        defaults.decodeSlowdownPerSeq(),
        defaults.modelWeightsGb(),
        defaults.kvBytesPerToken(),
        defaults.pricePerHour(),
        share);
  }

  /** A MIG slice with {@code fraction} of an H100's throughput and sequences (d). */
  private static MigProfile slice(String name, double fraction) {
    return new MigProfile(
        name,
        fraction,
        Math.round(fraction * GpuCatalog.H100.tokensPerS()),
        (int) Math.round(fraction * GpuCatalog.H100.concurrency()));
  }

  private static SortedMap<String, SortedMap<String, Object>> powerOfTwo() {
    SortedMap<String, SortedMap<String, Object>> params = new TreeMap<>();
    params.put("power_of_two", new TreeMap<>(Map.of("d", 2L)));
    return params;
  }

  private static String header(String name, String description) {
    return "Fabric Planner example \""
        + name
        + "\" (planner generate --example-type "
        + name
        + ").\n"
        + description
        + "\nEvery key is written out; docs/CONFIG.md explains each one.\n"
        + SOURCES
        + "\nGPU profiles model Llama-3.1-8B in BF16 on one GPU (weights 16.1 GB, KV 131,072"
        + " B/token, §2).";
  }

  /** The comments that cite each profile's figures. */
  private static Map<String, String> notes(List<GpuProfile> profiles) {
    Map<String, String> notes = new LinkedHashMap<>();
    notes.put(
        "decision_cost_us",
        "Simulated time a routing decision takes before dispatch (0: free, as in mesh-sim).");
    notes.put(
        "workload.llm.in_tokens",
        "Azure 2023 conversation trace: prompt mean 1,154.7 tokens," + " lognormal fit (§6).");
    notes.put("workload.llm.out_tokens", "Same trace: output mean 211.1 tokens (§6).");
    notes.put("workload.vision", "mesh-sim's vision and asr defaults (its medium example).");
    notes.put("network", "mesh-sim's network defaults (NetworkConfig::default).");
    notes.put("signals", "mesh-sim's staleness settings (its small example).");
    notes.put("topology.gpu_profiles", "share: relative weight of each profile in the fleet.");
    notes.put(
        "topology.engine",
        "The vLLM V1 engine on every server (docs/CONFIG.md); batch_window_ms is not used by it.");
    notes.put(
        "topology.engine.max_num_batched_tokens",
        "vLLM V1's step token budget with chunked prefill (SchedulerConfig)");
    notes.put("topology.engine.max_num_seqs", "0: each profile's concurrency");
    notes.put(
        "topology.engine.tp",
        "model (a catalog name) would run its roofline on tp GPUs; without it, the profiles' figures");
    notes.put("topology.engine.pp", "pipeline stages per server with a model: it spans tp x pp GPUs");
    notes.put(
        "topology.engine.gpu_memory_utilization",
        "vLLM's default (CacheConfig); KV = this x VRAM - weights - activations");
    for (int i = 0; i < profiles.size(); i++) {
      GpuCatalog.Sources sources =
          GpuCatalog.sourcesOf(GpuCatalog.forProfileName(profiles.get(i).name()));
      String path = "topology.gpu_profiles[" + i + "].";
      notes.put(
          path + "tokens_per_s",
          "concurrency x decode_tokens_per_s / (1 + decode_slowdown_per_seq"
              + " x (concurrency - 1)) (d)");
      notes.put(path + "concurrency", sources.concurrency());
      notes.put(path + "vram_total_gb", sources.vram());
      notes.put(path + "batch_window_ms", "mesh-sim's examples");
      notes.put(path + "kv_cache_gb_per_req", "kv_bytes_per_token x 1,365.8 mean tokens (§6) (d)");
      notes.put(path + "prefill_tokens_per_s", sources.prefill());
      notes.put(path + "decode_tokens_per_s", sources.decode());
      notes.put(path + "decode_slowdown_per_seq", sources.slowdown());
      notes.put(path + "model_weights_gb", "Llama-3.1-8B BF16 (§2)");
      notes.put(path + "kv_bytes_per_token", "2 x 32 layers x 8 KV heads x 128 x 2 B (§2)");
      notes.put(path + "price_per_hour", sources.price());
    }
    return notes;
  }
}
