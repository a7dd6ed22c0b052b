package dev.fabricplanner.sim.config;

/** Link bandwidth in Mbit/s inside a cell and between regions (cells). */
public record BandwidthConfig(long intraCell, long interRegion) {}
