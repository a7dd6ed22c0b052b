package dev.fabricplanner.sim.result;

/** Completed requests and generated output tokens per simulated second. */
public record Throughput(double requestsPerS, double tokensPerS) {}
