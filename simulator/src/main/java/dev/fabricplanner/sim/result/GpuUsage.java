package dev.fabricplanner.sim.result;

/**
 * Time-weighted fleet utilization, 0..1.
 *
 * @param utilization busy concurrency slots over all slots
 * @param vramUtilization VRAM in use (weights plus KV cache) over all VRAM
 */
public record GpuUsage(double utilization, double vramUtilization) {}
