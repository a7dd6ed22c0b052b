package dev.fabricplanner.sim.result;

/**
 * How far the router's precise KV index lagged the engines' caches when it routed (docs/OUTPUTS.md):
 * at each measured routing decision, the age of the oldest block event (stored or evicted) published
 * by an engine and not yet applied to the index, 0 when the index was up to date.
 *
 * @param delayMs the KV event stream's configured delivery delay (the lag's ceiling)
 * @param meanMs mean lag over the decisions
 * @param p99Ms 99th percentile of the lag
 */
public record KvEventStaleness(double delayMs, double meanMs, double p99Ms) {}
