package dev.fabricplanner.sim.result;

/**
 * Hedged (duplicated) requests.
 *
 * @param issued duplicates sent
 * @param won duplicates that completed before their original
 * @param wastedGpuS slot-seconds spent on the copy that lost
 */
public record HedgeStats(long issued, long won, double wastedGpuS) {}
