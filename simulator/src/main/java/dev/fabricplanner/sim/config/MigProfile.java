package dev.fabricplanner.sim.config;

/**
 * One MIG slice (mesh-sim's fields): {@code fraction} of the GPU, its own throughput and
 * concurrency.
 */
public record MigProfile(String name, double fraction, long tokensPerS, int concurrency) {}
