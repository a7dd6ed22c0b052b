package dev.fabricplanner.sim.result;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Time-weighted fleet utilization, 0..1, measured from the end of the warm-up.
 *
 * @param utilization busy concurrency slots over all slots
 * @param vramUtilization VRAM in use (weights plus KV cache) over all VRAM
 * @param prefillBusy fraction of the time the servers' (GPUs' or MIG slices') prefill stage has a
 *     prefill running, averaged over every server; NaN when not recorded (results written before
 *     the figure existed)
 * @param prefillBusyByProfile the same per GPU profile over that profile's servers, in
 *     configuration order (empty when not recorded)
 */
public record GpuUsage(
    double utilization,
    double vramUtilization,
    double prefillBusy,
    Map<String, Double> prefillBusyByProfile) {

  public GpuUsage {
    // A copy that keeps the configuration order (Map.copyOf would not).
    prefillBusyByProfile = Collections.unmodifiableMap(new LinkedHashMap<>(prefillBusyByProfile));
  }

  /** Whether the prefill-busy figures were measured (false for older saved results). */
  public boolean prefillBusyRecorded() {
    return !Double.isNaN(prefillBusy);
  }

  /** The busiest GPU profile's prefill-busy fraction: the hot spot (NaN when not recorded). */
  public double busiestPrefill() {
    if (prefillBusyByProfile.isEmpty()) {
      return prefillBusy;
    }
    double max = 0;
    for (double busy : prefillBusyByProfile.values()) {
      max = Math.max(max, busy);
    }
    return max;
  }

  /** Figures without the prefill-busy measurement (older saved results). */
  public static GpuUsage withoutPrefill(double utilization, double vramUtilization) {
    return new GpuUsage(utilization, vramUtilization, Double.NaN, Map.of());
  }
}
