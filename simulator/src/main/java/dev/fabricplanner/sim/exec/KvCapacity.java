package dev.fabricplanner.sim.exec;

import dev.fabricplanner.core.InvalidInputException;
import java.util.Locale;

/**
 * How many KV-cache blocks one engine instance (a model over {@code tp} GPUs) holds, as vLLM sizes
 * it at startup: per GPU, device memory × {@code gpu_memory_utilization} − the weights it holds − the
 * memory the startup profile run reserves (activations, CUDA graphs, and communication buffers when
 * TP > 1), divided by one block's KV bytes on that GPU.
 *
 * <p>The reserve is fitted to {@code kv_blocks_total_gpu} in shared/data/vllm-calibration (H100,
 * vLLM V1): 0.84 GiB at TP 1 (Llama-2-7B, 7,462 blocks) and 1.29–1.32 GiB at TP 2 and 4 (Llama-2-70B,
 * Mixtral-8x7B, CodeLlama-34B). vLLM measures it by a profile forward pass, so it varies a little by
 * model and batch budget; the fit reproduces every logged count within 0.5 %.
 */
public record KvCapacity(
    ModelSpec model,
    GpuSpec gpu,
    int tp,
    double gpuMemoryUtilization,
    int blockSizeTokens,
    long blocks,
    double kvBytesPerGpu,
    double weightBytesPerGpu,
    double reserveBytesPerGpu) {

  /** vLLM's default {@code gpu_memory_utilization}. */
  public static final double DEFAULT_GPU_MEMORY_UTILIZATION = 0.90;

  /** vLLM's default KV block size on CUDA, in tokens. */
  public static final int DEFAULT_BLOCK_SIZE = 16;

  private static final double GIB = 1024.0 * 1024 * 1024;

  /** Fitted reserve at TP 1 (see the class comment). */
  public static final double RESERVE_BYTES_TP1 = 0.84 * GIB;

  /** Fitted reserve at TP > 1: adds NCCL and custom all-reduce buffers. */
  public static final double RESERVE_BYTES_TP_N = 1.30 * GIB;

  /** Tokens the instance can hold in KV. */
  public long tokens() {
    return blocks * blockSizeTokens;
  }

  /**
   * The capacity for this model on {@code tp} GPUs of this kind; a model that leaves no room for KV
   * is an input error that says the VRAM it needs against what is available.
   */
  public static KvCapacity of(ModelSpec model, GpuSpec gpu, int tp, double gpuMemoryUtilization,
      int blockSizeTokens) throws InvalidInputException {
    return of(model, gpu, tp, 1, gpuMemoryUtilization, blockSizeTokens);
  }

  /**
   * The capacity of an instance of {@code pp} pipeline stages of {@code tp} GPUs: each GPU holds a
   * {@code pp}-th of the weights and the KV of its stage's layers (the largest stage,
   * ceil(layers / pp), bounds the tokens the instance holds).
   */
  public static KvCapacity of(ModelSpec model, GpuSpec gpu, int tp, int pp,
      double gpuMemoryUtilization, int blockSizeTokens) throws InvalidInputException {
    if (tp < 1 || pp < 1 || blockSizeTokens < 1
        || !(gpuMemoryUtilization > 0 && gpuMemoryUtilization <= 1)) {
      throw new InvalidInputException(String.format(Locale.ROOT,
          "KV capacity of %s on %s: wanted tp >= 1, pp >= 1, block size >= 1 and"
              + " gpu_memory_utilization in (0, 1], got tp %d, pp %d, block size %d, utilization %s",
          model.name(), gpu.name(), tp, pp, blockSizeTokens, gpuMemoryUtilization));
    }
    if (pp > model.layers()) {
      throw new InvalidInputException(String.format(Locale.ROOT,
          "engine.pp %d: %s has %d layers, so at most %d pipeline stages", pp, model.name(),
          model.layers(), model.layers()));
    }
    double usable = gpu.deviceMemoryBytes() * gpuMemoryUtilization;
    double weights = model.weightBytesPerGpu(tp) / pp;
    double reserve = tp * pp == 1 ? RESERVE_BYTES_TP1 : RESERVE_BYTES_TP_N;
    double kvBytes = usable - weights - reserve;
    int stageLayers = (model.layers() + pp - 1) / pp;
    double perToken = pp == 1 ? model.kvBytesPerTokenPerGpu(tp)
        : model.kvBytesPerTokenPerGpu(tp) * stageLayers / model.layers();
    double blockBytes = perToken * blockSizeTokens;
    long blocks = kvBytes > 0 ? (long) Math.floor(kvBytes / blockBytes) : 0;
    if (blocks <= 0 && pp > 1) {
      throw new InvalidInputException(String.format(Locale.ROOT,
          "%s does not fit on engine.tp %d x engine.pp %d x %s at gpu_memory_utilization %.2f:"
              + " each GPU of a stage needs %.1f GiB (a %d-th of the weights %.1f GiB + reserve"
              + " %.1f GiB + one KV block %.3f GiB), %.1f GiB available; raise engine.pp or"
              + " engine.tp",
          model.name(), tp, pp, gpu.name(), gpuMemoryUtilization,
          (weights + reserve + blockBytes) / GIB, tp * pp, weights / GIB, reserve / GIB,
          blockBytes / GIB, usable / GIB));
    }
    if (blocks <= 0) {
      throw new InvalidInputException(String.format(Locale.ROOT,
          "%s does not fit on %d x %s at gpu_memory_utilization %.2f: each GPU needs %.1f GiB"
              + " (weights %.1f GiB + reserve %.1f GiB + one KV block %.3f GiB), %.1f GiB available;"
              + " raise engine.tp or engine.pp, use a larger GPU or a quantized checkpoint",
          model.name(), tp, gpu.name(), gpuMemoryUtilization,
          (weights + reserve + blockBytes) / GIB, weights / GIB, reserve / GIB, blockBytes / GIB,
          usable / GIB));
    }
    return new KvCapacity(model, gpu, tp, gpuMemoryUtilization, blockSizeTokens, blocks, kvBytes,
        weights, reserve);
  }

  /** The capacity at vLLM's defaults (utilization 0.90, 16-token blocks). */
  public static KvCapacity of(ModelSpec model, GpuSpec gpu, int tp) throws InvalidInputException {
    return of(model, gpu, tp, DEFAULT_GPU_MEMORY_UTILIZATION, DEFAULT_BLOCK_SIZE);
  }
}
