package dev.fabricplanner.probe.cuda;

/**
 * Two GPUs of one host ({@code gpuA < gpuB}) and how they reach each other.
 *
 * @param peerAccessAtoB cudaDeviceCanAccessPeer(a, b)
 * @param peerAccessBtoA cudaDeviceCanAccessPeer(b, a)
 * @param nvlinkCount NVLinks joining them, directly or through NVSwitch (nvidia-smi's NV#), 0 if
 *     none
 * @param pathClass NVL when nvlinkCount is positive, else NVML's PCIe common ancestor
 * @param p2pRead NVML P2P status for reads
 * @param p2pWrite NVML P2P status for writes
 * @param p2pNvlink NVML P2P status over NVLink
 */
public record GpuPair(
    int gpuA,
    int gpuB,
    boolean peerAccessAtoB,
    boolean peerAccessBtoA,
    int nvlinkCount,
    PathClass pathClass,
    P2pStatus p2pRead,
    P2pStatus p2pWrite,
    P2pStatus p2pNvlink) {

  /** Whether CUDA lets each side map the other's memory (what cudaMemcpyPeer and IPC need). */
  public boolean peerAccessible() {
    return peerAccessAtoB && peerAccessBtoA;
  }

  /** nvidia-smi's label for the pair ("NV18", "PXB", ...). */
  public String pathLabel() {
    return pathClass.label(nvlinkCount);
  }
}
