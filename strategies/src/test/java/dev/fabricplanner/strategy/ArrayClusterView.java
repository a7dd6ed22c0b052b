package dev.fabricplanner.strategy;

import java.util.Arrays;

/** A small fleet held in arrays, for strategy tests; its "index" is a plain scan, fine at test sizes. */
public final class ArrayClusterView implements ClusterView {
  private final int nodesPerCell;
  private final int[] queueDepth;
  private final int[] capacity;
  private final boolean[] available;

  public ArrayClusterView(int cells, int nodesPerCell) {
    this.nodesPerCell = nodesPerCell;
    int nodes = cells * nodesPerCell;
    this.queueDepth = new int[nodes];
    this.capacity = new int[nodes];
    this.available = new boolean[nodes];
    Arrays.fill(capacity, 1);
    Arrays.fill(available, true);
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
    return 0;
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
    return Math.min(1.0, (double) queueDepth[node] / capacity[node]);
  }

  @Override
  public double vramUtilization(int node) {
    return 0;
  }

  @Override
  public double signalAgeMs(int node) {
    return 0;
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
    return fromCell == toCell ? 0.5 : 20.0;
  }
}
