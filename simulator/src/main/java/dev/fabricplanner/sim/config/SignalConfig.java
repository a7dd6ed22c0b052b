package dev.fabricplanner.sim.config;

/**
 * How stale the state a strategy sees is (mesh-sim's {@code signals}). Each published metric is
 * refreshed after a uniform random interval in its range, then travels for a transport delay; all
 * zeros means strategies see the true state.
 */
public record SignalConfig(DelayRange queueDepthMs, DelayRange vramMs, SignalTransport transportMs) {

  /** Strategies see the true state at once (for validation runs). */
  public static SignalConfig fresh() {
    DelayRange zero = new DelayRange(0, 0);
    return new SignalConfig(zero, zero, new SignalTransport(zero));
  }

  public boolean isFresh() {
    return queueDepthMs.isZero()
        && vramMs.isZero()
        && transportMs.intraCell().isZero();
  }
}
