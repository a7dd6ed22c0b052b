package dev.fabricplanner.sim.exec;

/**
 * A transfer priced by a nominal link: a fixed part plus a part per token. The roofline's TP
 * all-reduce and an unbound pipeline hop are priced so from the GPU catalog's link figures.
 *
 * @param fixedMs per transfer (the link's latency, once per message)
 * @param msPerToken per token moved
 */
public record LinkCost(double fixedMs, double msPerToken) implements TransferTime {
  public static final LinkCost NONE = new LinkCost(0, 0);

  /**
   * One message of {@code bytesPerToken} per token over the catalog GPU's link at its efficiency.
   */
  public static LinkCost ofMessage(GpuSpec gpu, double bytesPerToken, double linkEfficiency) {
    return new LinkCost(gpu.linkLatencySeconds() * 1e3 / linkEfficiency,
        1e3 * bytesPerToken / (gpu.linkBandwidth() * linkEfficiency));
  }

  @Override
  public double ms(int tokens) {
    return fixedMs + msPerToken * tokens;
  }
}
