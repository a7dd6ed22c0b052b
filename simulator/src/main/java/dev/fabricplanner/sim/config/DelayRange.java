package dev.fabricplanner.sim.config;

/** A uniform range of milliseconds, {@code 0 <= min <= max}. */
public record DelayRange(double min, double max) {
  public boolean isZero() {
    return max == 0;
  }

  public double mean() {
    return (min + max) / 2;
  }
}
