package dev.fabricplanner.core.record;

/**
 * The result at one message size of a sweep.
 *
 * @param sizeBytes message size in bytes (> 0)
 * @param latencyP50Us median one-way latency in microseconds (half the ping-pong round trip, as
 *     fi_pingpong reports it; for a CUDA copy, one copy's time): one isolated message's whole time
 *     at this size, which is what TransferCurve prices a message by
 * @param latencyP99Us 99th percentile one-way latency in microseconds (>= p50)
 * @param bandwidthBytesPerSec bandwidth at this size, bytes per second (> 0): windowed streaming for
 *     libfabric host buffers, back-to-back copies for CUDA, bytes over the p50 for the GPU-buffer
 *     ping-pong, bulk for QUIC (docs/PLANNER.md, "Cost model")
 * @param noisePct spread of the bandwidth runs: standard deviation over mean, in percent (>= 0)
 * @param iterations timed iterations behind these figures (after warm-up)
 */
public record SizeSample(
    long sizeBytes,
    double latencyP50Us,
    double latencyP99Us,
    double bandwidthBytesPerSec,
    double noisePct,
    int iterations) {
  public SizeSample {
    if (sizeBytes <= 0) {
      throw new IllegalArgumentException("sizeBytes must be > 0");
    }
    if (!(latencyP50Us >= 0) || !(latencyP99Us >= latencyP50Us)) {
      throw new IllegalArgumentException("latencies must be >= 0 and p99 >= p50");
    }
    if (!(bandwidthBytesPerSec > 0) || Double.isInfinite(bandwidthBytesPerSec)) {
      throw new IllegalArgumentException("bandwidthBytesPerSec must be a finite number > 0");
    }
    if (!(noisePct >= 0) || iterations < 1) {
      throw new IllegalArgumentException("noisePct must be >= 0 and iterations >= 1");
    }
  }
}
