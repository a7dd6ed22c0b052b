package dev.fabricplanner.strategy.mesh;

import dev.fabricplanner.strategy.ClusterView;

/**
 * The mesh family's expected latency of sending a request from {@code origin} to {@code node}, in ms:
 *
 * <pre>
 *   S × ( max(0, q + 1 − c) / c         wait for a free slot
 *       + batchWeight × q / c          batching slows every sequence on the node
 *       + vramWeight × max(0, v − v0) / (1 − v0) )   KV cache pressure
 *   + rttWeight × RTT(origin, cell(node))
 * </pre>
 *
 * where q is the node's (possibly corrected) queue depth, c its slots, v its VRAM fraction, v0 the
 * soft limit and S the latency estimate. A free slot costs nothing to wait for, so a mesh strategy
 * keeps traffic in the origin cell until its nodes fill up and the queueing terms outgrow the RTT.
 */
public final class MeshCost {
  private MeshCost() {}

  public static double expectedMs(
      ClusterView view, MeshParams params, int node, int origin, double queue, double serviceMs,
      double batchWeight, double rttWeight) {
    double slots = view.capacity(node);
    double vram = view.vramUtilization(node);
    double soft = params.vramSoftLimit();
    double queueing =
        Math.max(0, queue + 1 - slots) / slots
            + batchWeight * queue / slots
            + params.vramWeight() * Math.max(0, vram - soft) / (1 - soft);
    return serviceMs * queueing + rttWeight * view.rttMs(origin, view.cellOf(node));
  }

  public static double expectedMs(
      ClusterView view, MeshParams params, int node, int origin, double queue, double serviceMs) {
    return expectedMs(
        view, params, node, origin, queue, serviceMs, params.batchWeight(), params.rttWeight());
  }
}
