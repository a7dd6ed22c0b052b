package dev.fabricplanner.sim.exec;

import java.util.List;

/**
 * One GPU's peak figures, as the roofline prices a step with them. Rates are in SI units (bytes/s,
 * FLOP/s); {@code deviceMemoryBytes} is what the driver reports, which vLLM multiplies by
 * {@code gpu_memory_utilization}, and is a little less than the datasheet's {@code memoryGb} (whose
 * "GB" are binary in practice: an "80 GB" H100 reports 81,559 MiB).
 *
 * @param fp8DenseFlops 0 where the GPU has no FP8 tensor cores (FP8 weights then run at BF16 speed)
 * @param linkBandwidth one direction of the intra-host GPU-GPU link, per GPU (tensor-parallel traffic)
 * @param linkLatencySeconds the fixed cost of one small all-reduce over that link
 */
public record GpuSpec(
    String name,
    List<String> aliases,
    double memoryGb,
    long deviceMemoryBytes,
    double hbmBandwidth,
    double bf16DenseFlops,
    double fp8DenseFlops,
    String link,
    double linkBandwidth,
    double linkLatencySeconds,
    String sources) {

  public GpuSpec {
    aliases = List.copyOf(aliases);
  }

  /** Dense tensor FLOP/s for weights stored in {@code weightBytesPerParam} bytes per parameter. */
  public double denseFlops(double weightBytesPerParam) {
    // FP8 weights run FP8 GEMMs only where the GPU has FP8 tensor cores; 4-bit and 16-bit run BF16.
    boolean fp8 = weightBytesPerParam > 0.9 && weightBytesPerParam < 1.1;
    return fp8 && fp8DenseFlops > 0 ? fp8DenseFlops : bf16DenseFlops;
  }
}
