package dev.fabricplanner.sim.config;

/**
 * Latency and bandwidth (mesh-sim's {@code network}).
 *
 * @param intraCellRttMs round-trip time between two nodes of one cell, in ms (normal, uniform or
 *     constant)
 * @param interCellCoords Vivaldi coordinates that place cells and give their RTTs
 * @param bwMbps bandwidth within a cell and between regions, in Mbit/s
 */
public record NetworkConfig(
    Distribution intraCellRttMs, VivaldiConfig interCellCoords, BandwidthConfig bwMbps) {}
