package dev.fabricplanner.core.record;

/**
 * Static facts that explain a link's measured result. Every field may be null (unknown or not applicable).
 *
 * @param pathClass NCCL-style path between the two ends (NVL for NVLink, NET across hosts ...)
 * @param nvmlP2pStatus NVML's P2P status (cuda links)
 * @param hmem whether the provider registered GPU memory (FI_HMEM); false means bounce buffers
 * @param rma whether RMA write is native or emulated
 * @param gpuPath how the bytes travelled (schema 2): NVLink, CUDA IPC over PCIe, GPUDirect RDMA,
 *     host-staged RDMA, host memory or TCP
 */
public record LinkFacts(
    PathClass pathClass, NvmlP2pStatus nvmlP2pStatus, Boolean hmem, RmaSupport rma, GpuPath gpuPath) {
  public static final LinkFacts NONE = new LinkFacts(null, null, null, null, null);

  /** Facts without a GPU path classification (schema 1). */
  public LinkFacts(PathClass pathClass, NvmlP2pStatus nvmlP2pStatus, Boolean hmem, RmaSupport rma) {
    this(pathClass, nvmlP2pStatus, hmem, rma, null);
  }

  public LinkFacts withGpuPath(GpuPath path) {
    return new LinkFacts(pathClass, nvmlP2pStatus, hmem, rma, path);
  }
}
