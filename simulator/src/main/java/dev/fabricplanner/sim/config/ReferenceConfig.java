package dev.fabricplanner.sim.config;

import java.util.List;

/**
 * Every default in one place (as Caffeine's reference.conf): a key left out of a config takes the
 * value here. Hardware and model figures come from {@link GpuCatalog}; the rest are mesh-sim's own
 * defaults or example values, so that a mesh-sim config means the same here. docs/CONFIG.md lists
 * them all.
 */
public final class ReferenceConfig {

  /** mesh-sim's examples use seed 42. */
  public static final long SEED = 42;

  public static final double WARMUP_S = 0;

  /** Routing decisions take no simulated time unless a config says so (mesh-sim charges none). */
  public static final double DECISION_COST_US = 0;

  /** One LLM-only stream, as mesh-sim's small example. */
  public static final RequestMix MIX = new RequestMix(1.0, 0.0, 0.0);

  /**
   * Prompt lengths of the Azure 2023 conversation trace, lognormal fit mu 6.633, sigma 0.985 (mean
   * 1,154.7 tokens; gpu-serving-profiles.md §6).
   */
  public static final Distribution LLM_IN_TOKENS = new Distribution.LogNormal(6.633, 0.985);

  /** Output lengths of the same trace, mu 5.019, sigma 0.859 (mean 211.1 tokens; §6). */
  public static final Distribution LLM_OUT_TOKENS = new Distribution.LogNormal(5.019, 0.859);

  /** mesh-sim's medium example: images from 224x224 to 1024x1024 pixels, complexity 1. */
  public static final VisionWorkload VISION =
      new VisionWorkload(
          new Distribution.Uniform(224 * 224, 1024 * 1024), new Distribution.Constant(1.0));

  /** mesh-sim's medium example: 1 to 30 s of audio at 16 kHz. */
  public static final AsrWorkload ASR = new AsrWorkload(new Distribution.Uniform(1, 30), 16_000);

  /** mesh-sim without tenants: every request from one tenant. */
  public static final TenantConfig TENANTS = new TenantConfig(new TenantSkew.Uniform(), 1);

  /** mesh-sim's examples: a batch waits up to 8 ms to fill. */
  public static final double BATCH_WINDOW_MS = 8.0;

  /** A profile's share of a mixed fleet: equal weights. */
  public static final double SHARE = 1.0;

  /**
   * vLLM V1's step token budget with chunked prefill ({@code SchedulerConfig.max_num_batched_tokens},
   * the default below 70 GiB of device memory; see docs/CONFIG.md).
   */
  public static final int MAX_NUM_BATCHED_TOKENS = 2048;

  /** vLLM's {@code CacheConfig.gpu_memory_utilization} default. */
  public static final double GPU_MEMORY_UTILIZATION = 0.9;

  /** vLLM's KV block size on CUDA ({@code CacheConfig.block_size}). */
  public static final int BLOCK_SIZE = 16;

  /** mesh-sim's NetworkConfig::default. */
  public static final NetworkConfig NETWORK =
      new NetworkConfig(
          new Distribution.Normal(0.5, 0.1),
          new VivaldiConfig(3, 25.0, 0.1),
          new BandwidthConfig(50_000, 5_000));

  /** mesh-sim's small example: signal refresh and transport delays, ms. */
  public static final SignalConfig SIGNALS =
      new SignalConfig(
          new DelayRange(50, 100),
          new DelayRange(200, 400),
          new SignalTransport(new DelayRange(5, 25)));

  /** mesh-sim's baseline strategy. */
  public static final List<String> STRATEGIES = List.of("baseline_rr");

  /** A fault hits every cell and every node in it unless narrowed. */
  public static final int FAULT_CELL = Fault.ALL_CELLS;

  public static final double FAULT_FRACTION = 1.0;

  /** A fault lasts to the end of the run unless a duration is given. */
  public static final double FAULT_DURATION_S = Double.POSITIVE_INFINITY;

  /** Exponential service (the M of M/M/c) unless another is named. */
  public static final ServiceModel.Kind SERVICE_DISTRIBUTION = ServiceModel.Kind.EXPONENTIAL;

  private ReferenceConfig() {}
}
