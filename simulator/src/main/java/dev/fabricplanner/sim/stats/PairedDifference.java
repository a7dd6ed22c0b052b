package dev.fabricplanner.sim.stats;

/**
 * The mean of paired differences (one per batch or seed, both sides measured on the same arrivals)
 * with its Student-t interval. Pairing removes what both sides share (the load of that batch), so
 * the interval is far narrower than comparing two unpaired means.
 *
 * @param mean mean difference
 * @param halfWidth half-width of the two-sided interval; NaN with fewer than two pairs
 * @param pairs pairs used (pairs where either side had no value are skipped)
 */
public record PairedDifference(double mean, double halfWidth, int pairs) {

  /** Differences {@code a[i] - b[i]}, skipping pairs where either is NaN. */
  public static PairedDifference of(double[] a, double[] b, double confidence) {
    int n = 0;
    double mean = 0;
    double m2 = 0;
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      double d = a[i] - b[i];
      if (Double.isNaN(d)) {
        continue;
      }
      n++;
      double delta = d - mean;
      mean += delta / n;
      m2 += delta * (d - mean);
    }
    double stddev = n < 2 ? Double.NaN : Math.sqrt(m2 / (n - 1));
    return new PairedDifference(n == 0 ? Double.NaN : mean, StudentT.halfWidth(n, stddev, confidence), n);
  }

  /** Whether the interval lies wholly above zero: the difference is beyond noise at its level. */
  public boolean aboveZero() {
    return !Double.isNaN(halfWidth) && mean - halfWidth > 0;
  }
}
