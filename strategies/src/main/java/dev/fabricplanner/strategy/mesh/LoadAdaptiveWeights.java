package dev.fabricplanner.strategy.mesh;

import dev.fabricplanner.strategy.ClusterView;

/**
 * {@code weights: load_adaptive} ({@code adaptive_mesh}): mesh's batch and RTT weights slide from
 * latency to balance as the origin cell fills. With b = min(1, L / high_load), where
 * L = cellQueueDepth / cellCapacity of the origin cell (a cell summary, O(1)):
 *
 * <pre>
 *   batch weight = batch_weight + b × (loaded_batch_weight − batch_weight)
 *   RTT weight   = rtt_weight   + b × (loaded_rtt_weight   − rtt_weight)
 * </pre>
 *
 * Lightly loaded, requests stay close (RTT dominates); loaded, they spread to the emptiest sampled node
 * even a cell away (queue length dominates). Within one cell every candidate has the same RTT, so this
 * changes decisions only across cells.
 */
public record LoadAdaptiveWeights(double highLoad, double loadedBatchWeight, double loadedRttWeight) {

  /** How far toward balance the weights have moved for a request from {@code cell}, 0..1. */
  public double balance(ClusterView view, int cell) {
    long slots = view.cellCapacity(cell);
    double load = slots > 0 ? (double) view.cellQueueDepth(cell) / slots : highLoad;
    return Math.min(1, load / highLoad);
  }
}
