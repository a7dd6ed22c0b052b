package dev.fabricplanner.strategy.mesh;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.strategy.StrategyParams;

/**
 * Parameters every mesh strategy reads, with their documented defaults (docs/STRATEGIES.md).
 *
 * @param neighbourCells cells looked at besides the origin, nearest first by RTT
 * @param samplesPerCell nodes sampled in each cell looked at
 * @param serviceMs latency estimate before any request has completed
 * @param batchWeight how much each occupied slot slows a node (continuous batching), per unit of load
 * @param vramWeight penalty, in service times, for VRAM use above the soft limit
 * @param vramSoftLimit VRAM fraction above which the penalty starts
 * @param rttWeight weight of the round trip from the origin cell
 */
public record MeshParams(
    int neighbourCells,
    int samplesPerCell,
    double serviceMs,
    double batchWeight,
    double vramWeight,
    double vramSoftLimit,
    double rttWeight) {

  public static MeshParams read(StrategyParams params) throws InvalidInputException {
    return new MeshParams(
        params.integer("neighbour_cells", 3, 0, 64),
        params.integer("samples_per_cell", 2, 1, 64),
        params.number("service_ms", 100, 0.001, 1e7),
        params.number("batch_weight", 0.2, 0, 100),
        params.number("vram_weight", 1.0, 0, 100),
        params.number("vram_soft_limit", 0.85, 0, 0.99),
        params.number("rtt_weight", 1.0, 0, 100));
  }
}
