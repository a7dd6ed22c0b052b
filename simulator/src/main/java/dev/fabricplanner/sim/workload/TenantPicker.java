package dev.fabricplanner.sim.workload;

import dev.fabricplanner.sim.config.TenantConfig;
import dev.fabricplanner.sim.config.TenantSkew;
import java.util.SplittableRandom;

/** Draws a tenant index: Zipf (tenant k, 1-based, has weight 1/k^s) or uniform, by inverse CDF. */
public final class TenantPicker {
  private final double[] cumulative;

  public TenantPicker(TenantConfig config) {
    int count = Math.max(1, config.count());
    cumulative = new double[count];
    double s = config.skew() instanceof TenantSkew.Zipf zipf ? zipf.s() : 0;
    double total = 0;
    for (int k = 0; k < count; k++) {
      total += Math.pow(k + 1, -s);
      cumulative[k] = total;
    }
    for (int k = 0; k < count; k++) {
      cumulative[k] /= total;
    }
  }

  public int pick(SplittableRandom random) {
    double u = random.nextDouble();
    int low = 0;
    int high = cumulative.length - 1;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (cumulative[mid] > u) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return low;
  }
}
