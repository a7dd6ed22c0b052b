package dev.fabricplanner.sim.workload;

import dev.fabricplanner.sim.config.Arrival;
import java.util.SplittableRandom;

/**
 * Arrival instants of a Poisson or MMPP process, generated one at a time (nothing is precomputed, so
 * memory does not grow with the run). The MMPP cycles through its states in order, as mesh-sim's does;
 * exponential gaps are memoryless, so a gap cut by a state change is redrawn at the new rate.
 */
public final class ArrivalProcess {
  private final double[] ratesPerMs;
  private final double[] dwellMs;
  private final SplittableRandom random;
  private int state;
  private double stateEndsMs;
  private double lastMs;

  public ArrivalProcess(Arrival arrival, SplittableRandom random) {
    this.random = random;
    if (arrival instanceof Arrival.Mmpp mmpp) {
      ratesPerMs = new double[mmpp.states()];
      dwellMs = new double[mmpp.states()];
      for (int i = 0; i < mmpp.states(); i++) {
        ratesPerMs[i] = mmpp.ratesRps().get(i) / 1000.0;
        dwellMs[i] = mmpp.dwellS().get(i) * 1000.0;
      }
    } else {
      ratesPerMs = new double[] {((Arrival.Poisson) arrival).rps() / 1000.0};
      dwellMs = new double[] {Double.POSITIVE_INFINITY};
    }
    stateEndsMs = dwellMs[0];
  }

  /** The next arrival instant in ms (strictly increasing). */
  public double next() {
    double t = lastMs;
    while (true) {
      double rate = ratesPerMs[state];
      double candidate =
          rate > 0 ? t - Math.log(1 - random.nextDouble()) / rate : Double.POSITIVE_INFINITY;
      if (candidate < stateEndsMs) {
        lastMs = candidate;
        return candidate;
      }
      if (stateEndsMs == Double.POSITIVE_INFINITY) {
        return Double.POSITIVE_INFINITY;
      }
      t = stateEndsMs;
      state = (state + 1) % ratesPerMs.length;
      stateEndsMs = t + dwellMs[state];
    }
  }
}
