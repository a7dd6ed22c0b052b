package dev.fabricplanner.probe.cuda;

/** NVML's verdict on one peer-to-peer capability between two GPUs ({@code nvmlGpuP2PStatus_t}). */
public enum P2pStatus {
  OK,
  CHIPSET_NOT_SUPPORTED,
  GPU_NOT_SUPPORTED,
  IOH_TOPOLOGY_NOT_SUPPORTED,
  DISABLED_BY_REGKEY,
  NOT_SUPPORTED,
  UNKNOWN,
  /** NVML was absent or the query failed, so nothing is known. */
  NOT_PROBED;

  /** Maps an {@code nvmlGpuP2PStatus_t} value (0..6 in nvml.h). */
  public static P2pStatus fromNvml(int status) {
    return switch (status) {
      case 0 -> OK;
      case 1 -> CHIPSET_NOT_SUPPORTED;
      case 2 -> GPU_NOT_SUPPORTED;
      case 3 -> IOH_TOPOLOGY_NOT_SUPPORTED;
      case 4 -> DISABLED_BY_REGKEY;
      case 5 -> NOT_SUPPORTED;
      default -> UNKNOWN;
    };
  }
}
