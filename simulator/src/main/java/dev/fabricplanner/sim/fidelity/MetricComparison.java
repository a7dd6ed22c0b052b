package dev.fabricplanner.sim.fidelity;

/** One figure predicted by the simulator beside the same figure measured on the real engine. */
public record MetricComparison(double predicted, double measured) {

  /** Absolute percentage error, |predicted − measured| / measured × 100; NaN when measured is 0. */
  public double apePct() {
    return measured == 0 ? Double.NaN : Math.abs(predicted - measured) / measured * 100;
  }
}
