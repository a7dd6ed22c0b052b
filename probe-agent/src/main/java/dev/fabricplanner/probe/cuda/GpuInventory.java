package dev.fabricplanner.probe.cuda;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one host offers for GPU-to-GPU traffic: its GPUs, every pair's peer access, NVLink count and
 * path class, and which libraries answered.
 *
 * @param cudartPath the libcudart file that was loaded
 * @param runtimeVersion cudaRuntimeGetVersion, e.g. 13000 for 13.0
 * @param driverVersion cudaDriverGetVersion, the newest CUDA the driver supports
 * @param nvmlStatus "ok", or why NVML facts (NVLink, path class, P2P status) are missing
 */
public record GpuInventory(
    String cudartPath,
    int runtimeVersion,
    int driverVersion,
    String nvmlStatus,
    List<GpuInfo> gpus,
    List<GpuPair> pairs) {

  public static final String NVML_OK = "ok";

  public GpuInventory {
    gpus = List.copyOf(gpus);
    pairs = List.copyOf(pairs);
  }

  /** The pair joining two GPU ordinals, in either order. */
  public Optional<GpuPair> pair(int a, int b) {
    int low = Math.min(a, b);
    int high = Math.max(a, b);
    return pairs.stream().filter(p -> p.gpuA() == low && p.gpuB() == high).findFirst();
  }

  /** Human-readable lines for {@code probe-agent list}. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            "CUDA runtime %s, driver %s, %s; NVML: %s",
            version(runtimeVersion), version(driverVersion), cudartPath, nvmlStatus));
    for (GpuInfo gpu : gpus) {
      lines.add(
          String.format(
              "GPU %d  %s  %s  %.1f GiB  pci %s  numa %d  sm %s  nvlink %d active (%d to NVSwitch)",
              gpu.index(),
              gpu.name(),
              gpu.uuid(),
              gpu.vramBytes() / (double) (1L << 30),
              gpu.pciBusId(),
              gpu.numaNode(),
              gpu.computeCapability(),
              gpu.nvlinkActiveLinks(),
              gpu.nvlinkSwitchLinks()));
    }
    for (GpuPair pair : pairs) {
      lines.add(
          String.format(
              "pair %d-%d  %-5s peer access %s/%s  nvml p2p read %s write %s nvlink %s",
              pair.gpuA(),
              pair.gpuB(),
              pair.pathLabel(),
              pair.peerAccessAtoB() ? "yes" : "no",
              pair.peerAccessBtoA() ? "yes" : "no",
              pair.p2pRead(),
              pair.p2pWrite(),
              pair.p2pNvlink()));
    }
    return lines;
  }

  /** 13000 -> "13.0", as CUDA encodes versions (1000 * major + 10 * minor). */
  static String version(int encoded) {
    return encoded <= 0 ? "none" : (encoded / 1000) + "." + (encoded % 1000) / 10;
  }
}
