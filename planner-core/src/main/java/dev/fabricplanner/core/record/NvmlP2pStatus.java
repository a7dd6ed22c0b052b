package dev.fabricplanner.core.record;

/** NVML's {@code nvmlGpuP2PStatus_t} for a GPU pair (from {@code nvmlDeviceGetP2PStatus}). */
public enum NvmlP2pStatus implements WireValue {
  OK,
  CHIPSET_NOT_SUPPORTED,
  GPU_NOT_SUPPORTED,
  IOH_TOPOLOGY_NOT_SUPPORTED,
  DISABLED_BY_REGKEY,
  NOT_SUPPORTED,
  UNKNOWN;

  @Override
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
