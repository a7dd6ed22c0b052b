package dev.fabricplanner.sim.config;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.sim.exec.GpuSpec;
import dev.fabricplanner.sim.exec.GpuSpecs;
import dev.fabricplanner.sim.exec.KvCapacity;
import dev.fabricplanner.sim.exec.CoefficientsFile;
import dev.fabricplanner.sim.exec.ModelCatalog;
import dev.fabricplanner.sim.exec.ModelSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/** Reads {@code topology}: cells, GPU profiles (mesh-sim's fields plus ours) and MIG slices. */
public final class TopologyReader {
  private TopologyReader() {}

  static TopologyConfig read(YamlMap root) {
    Optional<YamlMap> found =
        root.requiredMap(
            ConfigKeys.TOPOLOGY_KEY.name(),
            "a mapping with cells, nodes_per_cell and gpu_profiles");
    if (found.isEmpty()) {
      return new TopologyConfig(1, 1, List.of(profileDefaults("H100")), MigConfig.disabled());
    }
    YamlMap map = found.get();
    int cells = ConfigKeys.CELLS.require(map).intValue();
    int nodesPerCell = ConfigKeys.NODES_PER_CELL.require(map).intValue();
    List<GpuProfile> profiles = profiles(map);
    MigConfig mig = ConfigKeys.MIG_KEY.read(map, ConfigKeys.TOPOLOGY.defaults());
    int problemsBefore = map.problems().count();
    EngineSettings engine = ConfigKeys.ENGINE_KEY.read(map, ConfigKeys.TOPOLOGY.defaults());
    // A bad engine key was replaced by its default: checking the fit with it would blame the wrong key.
    boolean engineRead = map.problems().count() == problemsBefore;
    if (engineRead && engine.namesModel()
        && ModelCatalog.builtIn().lookup(engine.model()).isPresent()) {
      checkModelFits(map, engine, profiles, mig);
    }
    map.finish();
    return new TopologyConfig(cells, nodesPerCell, profiles, mig, engine);
  }

  private static List<GpuProfile> profiles(YamlMap map) {
    List<GpuProfile> profiles = new ArrayList<>();
    if (!map.has("gpu_profiles")) {
      map.missing("gpu_profiles", "a list of at least one GPU profile");
    }
    List<Node> items = map.list("gpu_profiles").orElse(List.of());
    if (map.has("gpu_profiles") && items.isEmpty()) {
      map.problem("gpu_profiles", "must list at least one GPU profile");
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      String path = map.pathOf("gpu_profiles") + "[" + i + "]";
      Optional<YamlMap> item = YamlMap.of(items.get(i), path, map.problems());
      if (item.isEmpty()) {
        continue;
      }
      GpuProfile profile = ConfigKeys.GPU_PROFILE.read(item.get());
      Integer earlier = seen.putIfAbsent(profile.name(), i);
      if (earlier != null) {
        item.get()
            .problem(
                "name",
                "duplicate profile name \""
                    + profile.name()
                    + "\" (also gpu_profiles["
                    + earlier
                    + "])");
      }
      profiles.add(profile);
    }
    if (profiles.isEmpty()) {
      profiles.add(profileDefaults("H100"));
    } else if (profiles.stream().mapToDouble(GpuProfile::share).sum() <= 0) {
      map.problem("gpu_profiles", "the profiles' shares must sum to more than 0");
    }
    return profiles;
  }

  /**
   * mesh-sim's six fields, then ours; a field left out takes the {@link GpuCatalog} entry named by
   * the profile's name. KV: with only mesh-sim's kv_cache_gb_per_req given, KV is sized per request
   * (kv_bytes_per_token 0); otherwise per token, and kv_cache_gb_per_req is derived from it.
   */
  static GpuProfile profile(YamlMap map) {
    String name = map.text(ConfigKeys.PROFILE_NAME.name()).orElse(null);
    if (name == null && !map.has(ConfigKeys.PROFILE_NAME.name())) {
      map.missing(ConfigKeys.PROFILE_NAME.name(), "a profile name such as H100-80G");
    }
    name = name == null ? "H100" : name;
    GpuCatalog.GpuDefaults gpu = GpuCatalog.forProfileName(name);
    int concurrency =
        ConfigKeys.PROFILE_CONCURRENCY.readOr(map, (long) gpu.concurrency()).intValue();
    double vram = ConfigKeys.PROFILE_VRAM_TOTAL_GB.readOr(map, gpu.vramTotalGb());
    double slowdown =
        ConfigKeys.PROFILE_DECODE_SLOWDOWN_PER_SEQ.readOr(map, gpu.decodeSlowdownPerSeq());
    double stepGrowth = 1 + slowdown * (concurrency - 1);
    // A mesh-sim profile gives only tokens_per_s (full-batch throughput): the batch-1 decode rate
    // that yields it is derived, so the profile is as fast here as it was there.
    String tokensKey = ConfigKeys.PROFILE_TOKENS_PER_S.name();
    boolean throughputOnly =
        map.has(tokensKey) && !map.has(ConfigKeys.PROFILE_DECODE_TOKENS_PER_S.name());
    long givenTokensPerS = ConfigKeys.PROFILE_TOKENS_PER_S.readOr(map, 0L);
    double decode =
        ConfigKeys.PROFILE_DECODE_TOKENS_PER_S.readOr(
            map,
            throughputOnly
                ? thousandths(givenTokensPerS * stepGrowth / concurrency)
                : gpu.decodeTokensPerS());
    long tokensPerS =
        map.has(tokensKey)
            ? givenTokensPerS
            : GpuCatalog.fullBatchTokensPerS(concurrency, decode, slowdown);
    // Prefill keeps the catalog's prefill-to-decode ratio unless given.
    double prefill =
        ConfigKeys.PROFILE_PREFILL_TOKENS_PER_S.readOr(
            map, thousandths(gpu.prefillTokensPerS() * decode / gpu.decodeTokensPerS()));
    double weights = ConfigKeys.PROFILE_MODEL_WEIGHTS_GB.readOr(map, GpuCatalog.MODEL_WEIGHTS_GB);
    if (weights >= vram) {
      map.problem(
          ConfigKeys.PROFILE_MODEL_WEIGHTS_GB.name(),
          "must be less than vram_total_gb ("
              + Bound.format(vram)
              + "), got "
              + Bound.format(weights));
    }
    boolean perRequestKv =
        map.has(ConfigKeys.PROFILE_KV_CACHE_GB_PER_REQ.name())
            && !map.has(ConfigKeys.PROFILE_KV_BYTES_PER_TOKEN.name());
    long kvBytes =
        ConfigKeys.PROFILE_KV_BYTES_PER_TOKEN.readOr(
            map, perRequestKv ? 0L : GpuCatalog.KV_BYTES_PER_TOKEN);
    double kvPerRequest =
        ConfigKeys.PROFILE_KV_CACHE_GB_PER_REQ.readOr(
            map, GpuCatalog.kvCacheGbPerRequest(kvBytes));
    return new GpuProfile(
        name,
        tokensPerS,
        concurrency,
        vram,
        ConfigKeys.PROFILE_BATCH_WINDOW_MS.readOr(map, ReferenceConfig.BATCH_WINDOW_MS),
        kvPerRequest,
        prefill,
        decode,
        slowdown,
        weights,
        kvBytes,
        ConfigKeys.PROFILE_PRICE_PER_HOUR.readOr(map, gpu.pricePerHour()),
        ConfigKeys.PROFILE_SHARE.readOr(map, ReferenceConfig.SHARE));
  }

  /** Derived rates are kept to three decimals so that resolved configs stay readable. */
  private static double thousandths(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  /** Every default for a profile of this name (used where a config gives none). */
  static GpuProfile profileDefaults(String name) {
    GpuCatalog.GpuDefaults gpu = GpuCatalog.forProfileName(name);
    return new GpuProfile(
        name,
        gpu.tokensPerS(),
        gpu.concurrency(),
        gpu.vramTotalGb(),
        ReferenceConfig.BATCH_WINDOW_MS,
        GpuCatalog.kvCacheGbPerRequest(GpuCatalog.KV_BYTES_PER_TOKEN),
        gpu.prefillTokensPerS(),
        gpu.decodeTokensPerS(),
        gpu.decodeSlowdownPerSeq(),
        GpuCatalog.MODEL_WEIGHTS_GB,
        GpuCatalog.KV_BYTES_PER_TOKEN,
        gpu.pricePerHour(),
        ReferenceConfig.SHARE);
  }

  /**
   * With a catalog model, every profile must name a catalog GPU (by {@code engine.gpu}, its own name
   * or its catalog entry's) on which the model fits; MIG slices keep the profile model.
   */
  private static void checkModelFits(
      YamlMap map, EngineSettings engine, List<GpuProfile> profiles, MigConfig mig) {
    if (mig.enable()) {
      map.problem("engine", "model needs whole GPUs: MIG slices run the GPU profiles' own figures");
      return;
    }
    for (GpuProfile profile : profiles) {
      try {
        ModelSpec model = ModelCatalog.builtIn().find(engine.model());
        KvCapacity.of(model, gpuOf(engine, profile), engine.tp(), engine.pp(),
            engine.gpuMemoryUtilization(), engine.blockSize());
      } catch (InvalidInputException e) {
        map.problem("engine", "profile " + profile.name() + ": " + e.getMessage());
      }
    }
  }

  /** The catalog GPU a profile runs on: engine.gpu, else its name, else its catalog entry's name. */
  public static GpuSpec gpuOf(EngineSettings engine, GpuProfile profile) throws InvalidInputException {
    if (!engine.gpu().isEmpty()) {
      return GpuSpecs.builtIn().find(engine.gpu());
    }
    return GpuSpecs.builtIn().lookup(profile.name()).isPresent()
        ? GpuSpecs.builtIn().find(profile.name())
        : GpuSpecs.builtIn().find(GpuCatalog.forProfileName(profile.name()).name());
  }

  /** {@code topology.engine}: the serving engine every server runs; see docs/CONFIG.md. */
  static EngineSettings engine(YamlMap map, EngineSettings d) {
    int budget = ConfigKeys.MAX_NUM_BATCHED_TOKENS.read(map, d).intValue();
    int seqs = ConfigKeys.MAX_NUM_SEQS.read(map, d).intValue();
    if (seqs > budget) {
      map.problem(
          "max_num_seqs",
          "must be at most max_num_batched_tokens (" + budget + ") so that every running request"
              + " can decode in one step, got " + seqs);
    }
    EngineSettings settings =
        new EngineSettings(
            budget,
            seqs,
            ConfigKeys.GPU_MEMORY_UTILIZATION.read(map, d),
            ConfigKeys.BLOCK_SIZE.read(map, d).intValue(),
            ConfigKeys.ACTIVATION_GB.read(map, d),
            ConfigKeys.STEP_OVERHEAD_MS.read(map, d),
            ConfigKeys.SCHEDULING_DELAY_MS.read(map, d),
            ConfigKeys.SCHEDULING_DELAY_US_PER_TOKEN.read(map, d),
            ConfigKeys.ENABLE_PREFIX_CACHING.read(map, d),
            ConfigKeys.MODEL.read(map, d),
            ConfigKeys.GPU.read(map, d),
            ConfigKeys.TP.read(map, d).intValue(),
            ConfigKeys.PP.read(map, d).intValue(),
            ConfigKeys.EXECUTION_MODEL.read(map, d),
            ConfigKeys.COEFFICIENTS.read(map, d));
    if (settings.namesModel()) {
      try {
        ModelCatalog.builtIn().find(settings.model());
      } catch (InvalidInputException e) {
        map.problem("model", e.getMessage());
      }
    }
    if (!settings.coefficients().isEmpty()) {
      try {
        CoefficientsFile.read(Path.of(settings.coefficients()));
      } catch (InvalidInputException e) {
        map.problem("coefficients", e.getMessage());
      }
    }
    return settings;
  }

  static MigConfig mig(YamlMap map) {
    boolean enable = ConfigKeys.MIG_ENABLE.read(map, ConfigKeys.MIG.defaults());
    List<MigProfile> profiles = ConfigKeys.MIG_PROFILES.read(map, ConfigKeys.MIG.defaults());
    if (enable && profiles.isEmpty()) {
      map.problem("profiles", "must list at least one MIG profile when enable is true");
    }
    double total = profiles.stream().mapToDouble(MigProfile::fraction).sum();
    if (enable && total > 1 + 1e-9) {
      map.problem(
          "profiles",
          "the slices' fractions must sum to at most 1 (one GPU), got " + Bound.format(total));
    }
    return new MigConfig(enable, profiles);
  }

  static MigProfile migProfile(YamlMap map) {
    String name = map.text(ConfigKeys.SLICE_NAME.name()).orElse("slice");
    if (!map.has(ConfigKeys.SLICE_NAME.name())) {
      map.missing(ConfigKeys.SLICE_NAME.name(), "a slice name such as 1g.10gb");
    }
    return new MigProfile(
        name,
        ConfigKeys.SLICE_FRACTION.require(map),
        ConfigKeys.SLICE_TOKENS_PER_S.require(map),
        ConfigKeys.SLICE_CONCURRENCY.require(map).intValue());
  }
}
