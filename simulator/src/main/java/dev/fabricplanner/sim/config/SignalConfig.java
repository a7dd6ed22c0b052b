package dev.fabricplanner.sim.config;

/**
 * How stale the state a strategy sees is (mesh-sim's {@code signals}). Each published metric is
 * refreshed after a uniform random interval in its range, then travels for a transport delay; all
 * zeros means strategies see the true state.
 *
 * @param kvEventsMs delay of the servers' KV block events to the router's precise index; NaN when not
 *     configured, which means the mean intra-cell transport delay (see {@link #kvEventsDelayMs()})
 */
public record SignalConfig(
    DelayRange queueDepthMs, DelayRange vramMs, SignalTransport transportMs, double kvEventsMs) {

  /** Signals whose KV events take the default delay. */
  public SignalConfig(DelayRange queueDepthMs, DelayRange vramMs, SignalTransport transportMs) {
    this(queueDepthMs, vramMs, transportMs, Double.NaN);
  }

  /** Strategies see the true state at once (for validation runs). */
  public static SignalConfig fresh() {
    DelayRange zero = new DelayRange(0, 0);
    return new SignalConfig(zero, zero, new SignalTransport(zero));
  }

  /**
   * The KV events' delay: as configured, else the mean intra-cell transport delay. An engine pushes
   * each block event as it happens (vLLM's ZMQ publisher has no refresh period), so only transport
   * applies, over the same path as the other signals.
   */
  public double kvEventsDelayMs() {
    return Double.isNaN(kvEventsMs) ? transportMs.intraCell().mean() : kvEventsMs;
  }

  public boolean isFresh() {
    return queueDepthMs.isZero()
        && vramMs.isZero()
        && transportMs.intraCell().isZero()
        && kvEventsDelayMs() == 0;
  }
}
