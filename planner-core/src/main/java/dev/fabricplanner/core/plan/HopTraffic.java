package dev.fabricplanner.core.plan;

/**
 * What crosses one hop, and how often, which makes a single figure to compare transports by.
 *
 * @param activationBytes bytes per token passed to the next stage (hidden size x dtype bytes)
 * @param kvBytes bytes of one KV-cache transfer over the hop
 * @param tokensPerRequest tokens a request sends over the hop
 * @param kvTransfersPerRequest KV transfers a request makes over the hop
 */
public record HopTraffic(
    long activationBytes, long kvBytes, double tokensPerRequest, double kvTransfersPerRequest) {
  public HopTraffic {
    if (activationBytes < 0 || kvBytes < 0 || tokensPerRequest < 0 || kvTransfersPerRequest < 0) {
      throw new IllegalArgumentException("traffic figures must be >= 0");
    }
  }

  /** The figure transports are compared by: time per request spent on this hop, in microseconds. */
  public double perRequestUs(double tokenUs, double kvTransferUs) {
    return tokensPerRequest * tokenUs + kvTransfersPerRequest * kvTransferUs;
  }
}
