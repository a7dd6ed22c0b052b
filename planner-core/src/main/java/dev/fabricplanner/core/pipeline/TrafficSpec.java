package dev.fabricplanner.core.pipeline;

/**
 * How much crosses each hop per request.
 *
 * @param tokensPerRequest tokens whose activations cross each hop (default 211: the Azure 2023
 *     conversation trace's mean output)
 * @param kvTokens tokens of KV cache in one KV transfer (default 1,366: that trace's mean prompt plus
 *     output)
 * @param kvTransfersPerRequest KV transfers per request over each hop (default 1: one hand-over of the
 *     sending stage's cache, as in prefill/decode disaggregation)
 */
public record TrafficSpec(double tokensPerRequest, long kvTokens, double kvTransfersPerRequest) {
  public static final TrafficSpec DEFAULT = new TrafficSpec(211, 1366, 1);
}
