package dev.fabricplanner.strategy.mesh;

/**
 * Recent rate of requests sent into each cell, in requests per ms: an exponentially decaying count
 * with time constant {@code windowMs}, so a burst shows within a window, long before the queues it
 * builds are published. O(1) per send and per query.
 */
public final class CellArrivalRate {
  private final double windowMs;
  private final double[] rate;
  private final double[] lastMs;

  public CellArrivalRate(int cells, double windowMs) {
    this.windowMs = windowMs;
    this.rate = new double[cells];
    this.lastMs = new double[cells];
  }

  public void sent(int cell, double nowMs) {
    rate[cell] = perMs(cell, nowMs) + 1 / windowMs;
    lastMs[cell] = nowMs;
  }

  public double perMs(int cell, double nowMs) {
    return rate[cell] * Math.exp(-(nowMs - lastMs[cell]) / windowMs);
  }
}
