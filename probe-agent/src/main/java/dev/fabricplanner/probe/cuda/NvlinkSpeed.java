package dev.fabricplanner.probe.cuda;

import dev.fabricplanner.core.record.Shortfall;
import dev.fabricplanner.core.record.ShortfallCause;
import java.util.Map;

/**
 * The nominal one-direction speed of an NVLink path: the GPU generation's per-link rate times the links
 * between the pair. Per link and direction: NVLink 1 (P100, sm 6.0) 20 GB/s; NVLink 2 (V100, sm 7.0),
 * NVLink 3 (A100, sm 8.0) and NVLink 4 (H100/H200, sm 9.0) 25 GB/s; NVLink 5 (B200, sm 10.0) 50 GB/s
 * (NVIDIA's data sheets: V100 300 GB/s over 6 links, A100 600 GB/s over 12, H100 900 GB/s over 18, B200
 * 1.8 TB/s over 18, each counting both directions). Other GPUs (sm 8.6 cards bridge fewer, slower
 * links) have no nominal here, so they are never flagged on a guess.
 */
public final class NvlinkSpeed {
  private static final Map<String, Double> PER_LINK_BYTES_PER_SEC = Map.of(
      "6.0", 20e9,
      "7.0", 25e9,
      "8.0", 25e9,
      "9.0", 25e9,
      "10.0", 50e9);

  private NvlinkSpeed() {}

  /** Nominal bytes per second one way over {@code links} links, or null when the generation is unknown. */
  public static Double nominal(String computeCapability, int links) {
    Double perLink = PER_LINK_BYTES_PER_SEC.get(computeCapability);
    return perLink == null || links <= 0 ? null : perLink * links;
  }

  /** The flag for a peak below half of nominal, or null (not below, or no nominal known). */
  public static Shortfall shortfall(String computeCapability, int links, double peakBytesPerSec) {
    Double nominal = nominal(computeCapability, links);
    if (nominal == null || peakBytesPerSec >= Shortfall.THRESHOLD * nominal) {
      return null;
    }
    return new Shortfall(nominal, peakBytesPerSec / nominal, ShortfallCause.UNKNOWN,
        links + " NVLink link(s) of sm " + computeCapability
            + "; check nvidia-smi nvlink --status for links down or running at a lower rate");
  }
}
