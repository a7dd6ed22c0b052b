package dev.fabricplanner.core.record;

import java.util.Objects;

/**
 * A link that measured far below its path's nominal speed (the probe flags below {@link #THRESHOLD}),
 * with the likely cause. Nominal is the slowest part of the path: the NIC's speed from its fabric entry,
 * NVLink generation × active links, or PCIe generation × width.
 *
 * @param nominalBytesPerSec the path's nominal speed, bytes per second (> 0)
 * @param measuredFraction the sweep's best bandwidth over nominal (>= 0)
 * @param likelyCause what most probably costs the difference
 * @param detail the evidence, for people (e.g. "NIC mlx5_1 on NUMA node 1, GPU on node 0"), or null
 */
public record Shortfall(
    double nominalBytesPerSec, double measuredFraction, ShortfallCause likelyCause, String detail) {
  /** Measurements below this fraction of nominal are flagged. */
  public static final double THRESHOLD = 0.5;

  public Shortfall {
    Objects.requireNonNull(likelyCause, "likelyCause");
    if (!(nominalBytesPerSec > 0) || Double.isInfinite(nominalBytesPerSec)) {
      throw new IllegalArgumentException("nominalBytesPerSec must be a finite number > 0");
    }
    if (!(measuredFraction >= 0) || Double.isInfinite(measuredFraction)) {
      throw new IllegalArgumentException("measuredFraction must be a finite number >= 0");
    }
  }
}
