package dev.fabricplanner.sim.run;

import dev.fabricplanner.strategy.ClusterView;

/**
 * An idle fleet of one node per cell with no latency, for building strategies before a run. It only
 * has to be a valid view: strategies built against it are checked and then thrown away.
 */
final class StandInFleet implements ClusterView {
  private final int cells;

  StandInFleet(int cells) {
    this.cells = Math.max(1, cells);
  }

  @Override
  public double nowMs() {
    return 0;
  }

  @Override
  public int nodeCount() {
    return cells;
  }

  @Override
  public int cellCount() {
    return cells;
  }

  @Override
  public int cellOf(int node) {
    return node;
  }

  @Override
  public int firstNodeOf(int cell) {
    return cell;
  }

  @Override
  public int nodesInCell(int cell) {
    return 1;
  }

  @Override
  public int queueDepth(int node) {
    return 0;
  }

  @Override
  public int capacity(int node) {
    return 1;
  }

  @Override
  public double utilization(int node) {
    return 0;
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
    return true;
  }

  @Override
  public int leastLoadedNode() {
    return 0;
  }

  @Override
  public int leastLoadedNodeInCell(int cell) {
    return cell;
  }

  @Override
  public long cellQueueDepth(int cell) {
    return 0;
  }

  @Override
  public long cellCapacity(int cell) {
    return 1;
  }

  @Override
  public double rttMs(int fromCell, int toCell) {
    return 0;
  }
}
