package dev.fabricplanner.strategy;

import java.util.SplittableRandom;

/**
 * A large fleet for the decision-cost benchmark: random published queues, VRAM, utilization and
 * signal ages, cells on a plane (RTT = 25 ms + distance). Every query is O(1), as the simulator's
 * indexed view is O(1)/O(log N); the least-loaded answers are kept as fixed nodes, since the bench
 * measures strategies, not the index.
 */
final class SyntheticClusterView implements ClusterView {
  private final int nodesPerCell;
  private final int[] queue;
  private final float[] vram;
  private final float[] age;
  private final double[] x;
  private final double[] y;
  private final long[] cellQueue;
  private long fleetQueue;
  private final SplittableRandom random;
  private double now;

  SyntheticClusterView(int cells, int nodesPerCell, long seed) {
    this.nodesPerCell = nodesPerCell;
    int nodes = cells * nodesPerCell;
    random = new SplittableRandom(seed);
    queue = new int[nodes];
    vram = new float[nodes];
    age = new float[nodes];
    cellQueue = new long[cells];
    for (int n = 0; n < nodes; n++) {
      queue[n] = random.nextInt(12);
      vram[n] = (float) random.nextDouble(0.3, 0.95);
      age[n] = (float) random.nextDouble(0, 100);
      cellQueue[n / nodesPerCell] += queue[n];
      fleetQueue += queue[n];
    }
    x = new double[cells];
    y = new double[cells];
    for (int c = 0; c < cells; c++) {
      x[c] = random.nextDouble(0, 50);
      y[c] = random.nextDouble(0, 50);
    }
  }

  /** Moves time on and changes one node's queue, as the engine's publications would. */
  void tick() {
    now += 0.1;
    int node = random.nextInt(queue.length);
    int change = random.nextBoolean() ? 1 : -1;
    if (queue[node] + change >= 0) {
      queue[node] += change;
      cellQueue[node / nodesPerCell] += change;
      fleetQueue += change;
    }
  }

  @Override public long fleetQueueDepth() { return fleetQueue; }

  @Override public double nowMs() { return now; }
  @Override public int nodeCount() { return queue.length; }
  @Override public int cellCount() { return x.length; }
  @Override public int cellOf(int node) { return node / nodesPerCell; }
  @Override public int firstNodeOf(int cell) { return cell * nodesPerCell; }
  @Override public int nodesInCell(int cell) { return nodesPerCell; }
  @Override public int queueDepth(int node) { return queue[node]; }
  @Override public int capacity(int node) { return 8; }
  @Override public double utilization(int node) { return Math.min(1, queue[node] / 8.0); }
  @Override public double vramUtilization(int node) { return vram[node]; }
  @Override public double signalAgeMs(int node) { return age[node]; }
  @Override public boolean isAvailable(int node) { return true; }
  @Override public int leastLoadedNode() { return 0; }
  @Override public int leastLoadedNodeInCell(int cell) { return firstNodeOf(cell); }
  @Override public long cellQueueDepth(int cell) { return cellQueue[cell]; }
  @Override public long cellCapacity(int cell) { return 8L * nodesPerCell; }

  @Override
  public double rttMs(int fromCell, int toCell) {
    if (fromCell == toCell) {
      return 0.5;
    }
    return 25 + Math.hypot(x[fromCell] - x[toCell], y[fromCell] - y[toCell]);
  }
}
