package dev.fabricplanner.sim;

import java.util.Locale;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/** Student-t confidence interval over the means of independent replications. */
record ReplicationStats(int replications, double mean, double halfWidth) {

  static ReplicationStats of(double[] replicationMeans, double confidence) {
    SummaryStatistics stats = new SummaryStatistics();
    for (double m : replicationMeans) {
      stats.addValue(m);
    }
    int n = replicationMeans.length;
    double t = new TDistribution(n - 1).inverseCumulativeProbability(1 - (1 - confidence) / 2);
    return new ReplicationStats(n, stats.getMean(), t * stats.getStandardDeviation() / Math.sqrt(n));
  }

  boolean contains(double value) {
    return Math.abs(value - mean) <= halfWidth;
  }

  String describe(String what, double theory) {
    return String.format(
        Locale.ROOT, "%s: simulated %.4f ± %.4f (99%% CI, %d replications), theory %.4f, error %+.2f%%",
        what, mean, halfWidth, replications, theory, 100 * (mean - theory) / theory);
  }
}
