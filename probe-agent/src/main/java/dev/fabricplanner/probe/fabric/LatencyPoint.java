package dev.fabricplanner.probe.fabric;

/**
 * Ping-pong at one size. Latency is one-way: half the round trip, as fi_pingpong reports it.
 *
 * @param bytes message size
 * @param iterations timed round trips
 * @param warmup untimed round trips before them
 * @param p50Micros median one-way latency
 * @param p99Micros 99th percentile one-way latency
 * @param minMicros fastest one-way latency
 * @param noisePercent spread of the samples: standard deviation over mean, in percent
 * @param pingPongMegabytesPerSecond bytes moved both ways over elapsed time (fi_pingpong's MB/sec,
 *     MB = 2^20)
 * @param verification whether every ping (checked by the responder) and every pong arrived intact
 */
public record LatencyPoint(
    int bytes,
    int iterations,
    int warmup,
    double p50Micros,
    double p99Micros,
    double minMicros,
    double noisePercent,
    double pingPongMegabytesPerSecond,
    Verification verification) {}
