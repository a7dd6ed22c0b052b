package dev.fabricplanner.probe.fabric;

/**
 * Windowed streaming at one size and window (the bandwidth sweep, the batch sweep and RMA write).
 *
 * @param bytes message size
 * @param window messages posted back to back per round (the batch size in the batch sweep)
 * @param rounds timed rounds
 * @param warmup untimed rounds before them
 * @param gigabytesPerSecond payload bytes over the whole timed run, GB = 10^9: on a busy host this
 *     counts every preemption hole as well as the transport
 * @param roundP50Micros median time for one round (post the window, see it all delivered)
 * @param roundP99Micros 99th percentile round time
 * @param noisePercent standard deviation over mean of the round times, in percent
 * @param verification whether the delivered payloads were intact
 */
public record ThroughputPoint(
    int bytes,
    int window,
    int rounds,
    int warmup,
    double gigabytesPerSecond,
    double roundP50Micros,
    double roundP99Micros,
    double noisePercent,
    Verification verification) {

  /**
   * One round's payload over the median round time, GB = 10^9: what the transport sustains while
   * neither peer is preempted. This is the figure records carry; the noise says how often the
   * host got in the way.
   */
  public double medianRoundGigabytesPerSecond() {
    return roundP50Micros <= 0 ? 0 : (double) bytes * window / (roundP50Micros * 1e3);
  }
}
