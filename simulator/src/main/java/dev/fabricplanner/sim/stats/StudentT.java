package dev.fabricplanner.sim.stats;

import org.apache.commons.math3.distribution.TDistribution;

/** Student-t intervals for a mean, shared by sweeps (over seeds) and reports (over batches). */
public final class StudentT {
  private StudentT() {}

  /**
   * Half-width of the two-sided interval at {@code confidence} for the mean of {@code n} values with
   * sample standard deviation {@code stddev}; NaN with fewer than two values.
   */
  public static double halfWidth(long n, double stddev, double confidence) {
    if (n < 2) {
      return Double.NaN;
    }
    double t = new TDistribution(n - 1).inverseCumulativeProbability(1 - (1 - confidence) / 2);
    return t * stddev / Math.sqrt(n);
  }
}
