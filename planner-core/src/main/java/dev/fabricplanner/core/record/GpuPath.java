package dev.fabricplanner.core.record;

/**
 * How a link's bytes actually travel between the two ends, as a user debugging a slow transfer names
 * it. The probe decides it from NVML topology, whether the provider accepted FI_HMEM and the buffers it
 * really used; the planner prices {@link #HOST_STAGED_RDMA} with the staging copies.
 */
public enum GpuPath implements WireValue {
  /** GPU to GPU over NVLink (CUDA peer copies inside one host). */
  NVLINK,
  /** GPU to GPU over PCIe peer-to-peer (CUDA IPC without NVLink). */
  CUDA_IPC_PCIE,
  /** The NIC reads and writes GPU memory directly (FI_HMEM registered, GPUDirect RDMA). */
  GPUDIRECT_RDMA,
  /** RDMA between host buffers, with a device-to-host copy before and host-to-device copy after. */
  HOST_STAGED_RDMA,
  /** Host memory to host memory (no GPU at either end was measured). */
  HOST_MEMORY,
  /**
   * GPU buffers carried through the kernel's IP stack (libfabric tcp/sockets/udp, QUIC), host-staged.
   * A host-buffer measurement over the same providers is {@link #HOST_MEMORY}: it says what was
   * measured, and the planner adds the staging copies when it uses it for a GPU hop.
   */
  TCP;

  @Override
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
