package dev.fabricplanner.strategy;

import java.util.Arrays;

/** A small fleet held in arrays, for strategy tests; its "index" is a plain scan, fine at test sizes. */
public final class ArrayClusterView implements ClusterView {
  private final int nodesPerCell;
  private final int[] queueDepth;
  private final int[] capacity;
  private final boolean[] available;
  private final double[] vram;
  private final double[] utilization;
  private final double[] ageMs;
  private final double[][] rttMs;
  private double nowMs;

  public ArrayClusterView(int cells, int nodesPerCell) {
    this.nodesPerCell = nodesPerCell;
    int nodes = cells * nodesPerCell;
    this.queueDepth = new int[nodes];
    this.capacity = new int[nodes];
    this.available = new boolean[nodes];
    this.vram = new double[nodes];
    this.utilization = new double[nodes];
    this.ageMs = new double[nodes];
    this.rttMs = new double[cells][cells];
    Arrays.fill(capacity, 1);
    Arrays.fill(available, true);
    Arrays.fill(utilization, Double.NaN);
    for (int from = 0; from < cells; from++) {
      for (int to = 0; to < cells; to++) {
        rttMs[from][to] = from == to ? 0.5 : 20.0;
      }
    }
  }

  public ArrayClusterView vram(int node, double fraction) {
    vram[node] = fraction;
    return this;
  }

  /** Overrides the default utilization, min(1, queue / capacity). */
  public ArrayClusterView utilization(int node, double fraction) {
    utilization[node] = fraction;
    return this;
  }

  public ArrayClusterView signalAge(int node, double ms) {
    ageMs[node] = ms;
    return this;
  }

  /** Sets the RTT both ways between two cells. */
  public ArrayClusterView rtt(int a, int b, double ms) {
    rttMs[a][b] = ms;
    rttMs[b][a] = ms;
    return this;
  }

  public ArrayClusterView now(double ms) {
    nowMs = ms;
    return this;
  }

  public ArrayClusterView queueDepth(int node, int depth) {
    queueDepth[node] = depth;
    return this;
  }

  public ArrayClusterView capacity(int node, int slots) {
    capacity[node] = slots;
    return this;
  }

  public ArrayClusterView down(int node) {
    available[node] = false;
    return this;
  }

  @Override
  public double nowMs() {
    return nowMs;
  }

  @Override
  public int nodeCount() {
    return queueDepth.length;
  }

  @Override
  public int cellCount() {
    return queueDepth.length / nodesPerCell;
  }

  @Override
  public int cellOf(int node) {
    return node / nodesPerCell;
  }

  @Override
  public int firstNodeOf(int cell) {
    return cell * nodesPerCell;
  }

  @Override
  public int nodesInCell(int cell) {
    return nodesPerCell;
  }

  @Override
  public int queueDepth(int node) {
    return queueDepth[node];
  }

  @Override
  public int capacity(int node) {
    return capacity[node];
  }

  @Override
  public double utilization(int node) {
    return Double.isNaN(utilization[node])
        ? Math.min(1.0, (double) queueDepth[node] / capacity[node])
        : utilization[node];
  }

  @Override
  public double vramUtilization(int node) {
    return vram[node];
  }

  @Override
  public double signalAgeMs(int node) {
    return ageMs[node];
  }

  @Override
  public boolean isAvailable(int node) {
    return available[node];
  }

  @Override
  public int leastLoadedNode() {
    return leastLoadedIn(0, nodeCount());
  }

  @Override
  public int leastLoadedNodeInCell(int cell) {
    return leastLoadedIn(firstNodeOf(cell), firstNodeOf(cell) + nodesPerCell);
  }

  private int leastLoadedIn(int from, int to) {
    int best = -1;
    double bestLoad = Double.POSITIVE_INFINITY;
    for (int node = from; node < to; node++) {
      double load = (double) queueDepth[node] / capacity[node];
      if (available[node] && load < bestLoad) {
        best = node;
        bestLoad = load;
      }
    }
    return best;
  }

  @Override
  public long cellQueueDepth(int cell) {
    long sum = 0;
    for (int node = firstNodeOf(cell); node < firstNodeOf(cell) + nodesPerCell; node++) {
      sum += queueDepth[node];
    }
    return sum;
  }

  @Override
  public long cellCapacity(int cell) {
    long sum = 0;
    for (int node = firstNodeOf(cell); node < firstNodeOf(cell) + nodesPerCell; node++) {
      sum += available[node] ? capacity[node] : 0;
    }
    return sum;
  }

  @Override
  public double rttMs(int fromCell, int toCell) {
    return rttMs[fromCell][toCell];
  }
}
