package dev.fabricplanner.probe.cuda;

/**
 * One size of a copy test, timed with CUDA events.
 *
 * @param latencyP50Us median time of one copy, microseconds
 * @param latencyP99Us 99th percentile time of one copy, microseconds
 * @param bandwidthBytesPerSec mean over the bandwidth runs of bytes moved per second
 * @param noisePct standard deviation over mean of the bandwidth runs, percent
 * @param iterations timed copies behind the latency figures
 */
public record CopySample(
    long sizeBytes,
    double latencyP50Us,
    double latencyP99Us,
    double bandwidthBytesPerSec,
    double noisePct,
    int iterations) {}
