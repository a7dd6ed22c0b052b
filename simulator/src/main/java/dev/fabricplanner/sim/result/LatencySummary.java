package dev.fabricplanner.sim.result;

/** Summary of one latency distribution, in milliseconds (all zero when {@code count} is 0). */
public record LatencySummary(
    long count, double mean, double p50, double p95, double p99, double p999, double max) {}
