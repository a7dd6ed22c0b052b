package dev.fabricplanner.sim.config;

import java.util.List;

/** The arrival process ({@code workload.arrival}, tagged by {@code type}). */
public sealed interface Arrival {

  /** Long-run mean arrival rate in requests per second. */
  double meanRps();

  /** {@code type: poisson}: exponential inter-arrival times at a fixed rate. */
  record Poisson(double rps) implements Arrival {
    @Override
    public double meanRps() {
      return rps;
    }
  }

  /**
   * {@code type: mmpp}: a Markov-modulated Poisson process that cycles through its states in order
   * (as mesh-sim does), staying {@code dwellS[i]} seconds in state i at rate {@code ratesRps[i]}.
   */
  record Mmpp(int states, List<Double> ratesRps, List<Double> dwellS) implements Arrival {
    public Mmpp {
      ratesRps = List.copyOf(ratesRps);
      dwellS = List.copyOf(dwellS);
      if (ratesRps.size() != states || dwellS.size() != states) {
        throw new IllegalArgumentException("mmpp arrays must have one entry per state");
      }
    }

    /** Time-weighted mean rate over one cycle of the states. */
    @Override
    public double meanRps() {
      double arrivals = 0;
      double seconds = 0;
      for (int i = 0; i < states; i++) {
        arrivals += ratesRps.get(i) * dwellS.get(i);
        seconds += dwellS.get(i);
      }
      return arrivals / seconds;
    }
  }
}
