package dev.fabricplanner.probe.cuda;

/**
 * How two GPUs of one host reach each other, in the vocabulary of {@code nvidia-smi topo -m} and
 * NCCL: NVLink first, then the nearest PCIe common ancestor that NVML reports.
 */
public enum PathClass {
  /** A bonded set of NVLinks, direct or through NVSwitch. */
  NVL,
  /** At most one PCIe bridge (NVML_TOPOLOGY_SINGLE, or the same board). */
  PIX,
  /** Several PCIe bridges, without crossing the host bridge (NVML_TOPOLOGY_MULTIPLE). */
  PXB,
  /** Through a PCIe host bridge, typically the CPU (NVML_TOPOLOGY_HOSTBRIDGE). */
  PHB,
  /** Between host bridges within one NUMA node (NVML_TOPOLOGY_NODE). */
  NODE,
  /** Across the SMP interconnect between NUMA nodes (NVML_TOPOLOGY_SYSTEM). */
  SYS,
  /** NVML was absent or did not answer. */
  UNKNOWN;

  /** Maps an {@code nvmlGpuTopologyLevel_t} value; levels NVML may add later read as UNKNOWN. */
  public static PathClass fromNvmlTopologyLevel(int level) {
    return switch (level) {
      case 0, 10 -> PIX;
      case 20 -> PXB;
      case 30 -> PHB;
      case 40 -> NODE;
      case 50 -> SYS;
      default -> UNKNOWN;
    };
  }

  /** The label nvidia-smi prints: "NV18" for 18 NVLinks, else the class name. */
  public String label(int nvlinkCount) {
    return this == NVL ? "NV" + nvlinkCount : name();
  }
}
