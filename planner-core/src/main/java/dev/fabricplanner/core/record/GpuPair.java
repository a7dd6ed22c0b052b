package dev.fabricplanner.core.record;

import java.util.Objects;

/**
 * What CUDA and NVML say about an ordered pair of GPUs of one host (a to b). Probes write both orders
 * when they differ; the planner reads a missing reverse pair as the same facts.
 *
 * @param gpuA id of the source GPU ({@link Gpu#id()})
 * @param gpuB id of the destination GPU
 * @param peerAccess {@code cudaDeviceCanAccessPeer(a, b)}
 * @param nvlinkActive whether an active NVLink joins the two
 * @param nvlinkCount number of active NVLinks between them (0 without NVLink)
 * @param pathClass NCCL-style path class, or null when unknown
 * @param nvmlP2pStatus NVML's P2P status for reads/writes, or null when NVML was not available
 */
public record GpuPair(
    String gpuA,
    String gpuB,
    boolean peerAccess,
    boolean nvlinkActive,
    int nvlinkCount,
    PathClass pathClass,
    NvmlP2pStatus nvmlP2pStatus) {
  public GpuPair {
    Objects.requireNonNull(gpuA, "gpuA");
    Objects.requireNonNull(gpuB, "gpuB");
    if (nvlinkCount < 0) {
      throw new IllegalArgumentException("nvlinkCount must be >= 0");
    }
  }
}
