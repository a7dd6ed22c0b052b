package dev.fabricplanner.sim.result;

/**
 * How evenly a run loaded its servers, from each server's busy time (time with at least one running
 * request, after the warm-up).
 *
 * @param busyMean the servers' mean busy fraction of the measured time: the fleet's utilization
 * @param busyImbalance the busiest server's busy time over the mean (1 is perfectly even; 0 when no
 *     server was busy)
 */
public record ServerBalance(double busyMean, double busyImbalance) {

  /** From per-server busy fractions. */
  public static ServerBalance of(double[] busyFractions) {
    double sum = 0;
    double max = 0;
    for (double f : busyFractions) {
      sum += f;
      max = Math.max(max, f);
    }
    double mean = busyFractions.length == 0 ? 0 : sum / busyFractions.length;
    return new ServerBalance(mean, mean > 0 ? max / mean : 0);
  }
}
