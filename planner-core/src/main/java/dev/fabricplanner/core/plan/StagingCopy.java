package dev.fabricplanner.core.plan;

import java.util.Locale;

/**
 * The copy between GPU memory and a host buffer that a host-staged transfer adds at a GPU end: a
 * device-to-host copy before sending, a host-to-device copy after receiving. Costed as a fixed per-copy
 * overhead plus bytes over the GPU's host link, one direction.
 *
 * <p>Figures: PCIe Gen5 x16 128 GB/s and Gen4 x16 64 GB/s both directions together
 * (/work/shared/data/gpu-serving-profiles.md section 7), so 64 and 32 GB/s one way; Grace Hopper's
 * NVLink-C2C 900 GB/s both ways, 450 one way. The overhead is the 5-7 us per cudaMemcpyAsync measured in
 * DualPath (arXiv 2602.21548, section 5.2); 6 us is used.
 *
 * @param link what joins the GPU to host memory, for reason details ("PCIe Gen5 x16")
 * @param bytesPerSec one direction
 */
public record StagingCopy(String link, double bytesPerSec) {
  /** Per-copy submission and completion overhead, microseconds. */
  public static final double OVERHEAD_US = 6.0;

  /** The host link of a GPU, from its NVML name; PCIe Gen4 x16 when the name is not known. */
  public static StagingCopy forGpu(String gpuName) {
    String name = gpuName == null ? "" : gpuName.toUpperCase(Locale.ROOT);
    if (name.contains("GH200") || name.contains("GB200")) {
      return new StagingCopy("NVLink-C2C", 450e9);
    }
    if (name.contains("H100") || name.contains("H200") || name.contains("H800")
        || name.contains("H20") || name.contains("B200") || name.contains("B100")) {
      return new StagingCopy("PCIe Gen5 x16", 64e9);
    }
    return new StagingCopy("PCIe Gen4 x16", 32e9);
  }

  /** Time of one copy of the given bytes, microseconds; 0 for nothing to copy. */
  public double timeUs(long bytes) {
    return bytes <= 0 ? 0 : OVERHEAD_US + bytes / bytesPerSec * 1e6;
  }
}
