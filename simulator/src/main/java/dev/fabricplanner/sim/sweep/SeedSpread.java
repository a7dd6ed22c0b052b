package dev.fabricplanner.sim.sweep;

import dev.fabricplanner.sim.stats.StudentT;
import org.apache.commons.math3.stat.descriptive.StatisticalSummary;
import org.apache.commons.math3.stat.descriptive.StatisticalSummaryValues;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * One metric of one strategy at one parameter point, accumulated over seeds in a single pass
 * (Welford's update), so a merge keeps three numbers per metric however many runs it reads.
 */
final class SeedSpread {
  private long n;
  private double mean;
  private double m2;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;

  void add(double value) {
    n++;
    double delta = value - mean;
    mean += delta / n;
    m2 += delta * (value - mean);
    min = Math.min(min, value);
    max = Math.max(max, value);
  }

  long n() {
    return n;
  }

  double mean() {
    return mean;
  }

  /** Sample standard deviation; NaN with fewer than two seeds. */
  double stddev() {
    return n < 2 ? Double.NaN : Math.sqrt(m2 / (n - 1));
  }

  /**
   * Half-width of the two-sided Student-t interval for the mean at {@code confidence}; NaN with fewer
   * than two seeds, 0 when every seed gave the same value.
   */
  double halfWidth(double confidence) {
    return StudentT.halfWidth(n, stddev(), confidence);
  }

  StatisticalSummary summary() {
    return new StatisticalSummaryValues(mean, n < 2 ? 0 : m2 / (n - 1), n, max, min, mean * n);
  }

  /**
   * Welch's two-sided t-test p-value for equal means (unequal variances); NaN when either side has
   * fewer than two seeds, 1 when both sides are constant and equal, 0 when constant and different.
   */
  static double welchP(SeedSpread a, SeedSpread b) {
    if (a.n < 2 || b.n < 2) {
      return Double.NaN;
    }
    if (a.m2 == 0 && b.m2 == 0) {
      return a.mean == b.mean ? 1 : 0;
    }
    return new TTest().tTest(a.summary(), b.summary());
  }
}
