package dev.fabricplanner.sim.config;

/**
 * Cells get random coordinates in {@code dim} dimensions; the RTT between two cells is {@code
 * baseRttMs} plus their distance, times a random factor within {@code 1 ± noise}.
 */
public record VivaldiConfig(int dim, double baseRttMs, double noise) {}
