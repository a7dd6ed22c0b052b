package dev.fabricplanner.sim.config;

/**
 * One stage of constant-rate load: {@code floor(rateRps x durationS)} requests spread over the stage.
 *
 * @param rateRps requests per second
 * @param durationS length of the stage in seconds
 */
public record LoadStage(double rateRps, double durationS) {
  /** Requests the stage sends (inference-perf's {@code int(rate * duration)}). */
  public long requests() {
    return (long) Math.floor(rateRps * durationS);
  }
}
