package dev.fabricplanner.strategy.kvaware;

import dev.fabricplanner.strategy.ArrayClusterView;
import dev.fabricplanner.strategy.ClusterView;
import dev.fabricplanner.strategy.RoutingRequest;
import dev.fabricplanner.strategy.kv.PrefixIndex;

/**
 * A view for the KV-aware strategies: a load view (an {@link ArrayClusterView} to set by hand, or any
 * other), plus the engine metrics they read and a real precise {@link PrefixIndex}, filled as if KV
 * events arrived.
 */
public final class KvTestView implements ClusterView {
  private final ClusterView base;
  /** The base when it is an array view whose load a test sets; null otherwise. */
  private final ArrayClusterView array;
  final PrefixIndex index;
  private final int[] running;
  private final int[] waiting;
  private final double[] kvUsage;
  private final long[] prefill;
  private final int kvBlocks;

  KvTestView(int nodes, int kvBlocksPerNode) {
    this(new ArrayClusterView(1, nodes), kvBlocksPerNode);
  }

  public KvTestView(ClusterView base, int kvBlocksPerNode) {
    this.base = base;
    this.array = base instanceof ArrayClusterView a ? a : null;
    int nodes = base.nodeCount();
    index = new PrefixIndex(nodes);
    running = new int[nodes];
    waiting = new int[nodes];
    kvUsage = new double[nodes];
    prefill = new long[nodes];
    kvBlocks = kvBlocksPerNode;
  }

  /** The node's cache holds these blocks, as its stored events would have told the index. */
  public KvTestView cached(int node, long... hashes) {
    for (long h : hashes) {
      index.stored(node, h, base.nowMs());
    }
    return this;
  }

  KvTestView queue(int node, int depth) {
    array.queueDepth(node, depth);
    return this;
  }

  public KvTestView running(int node, int requests) {
    running[node] = requests;
    return this;
  }

  KvTestView waiting(int node, int requests) {
    waiting[node] = requests;
    return this;
  }

  public KvTestView kvUsage(int node, double fraction) {
    kvUsage[node] = fraction;
    return this;
  }

  public KvTestView prefill(int node, long tokens) {
    prefill[node] = tokens;
    return this;
  }

  KvTestView now(double ms) {
    array.now(ms);
    return this;
  }

  @Override
  public int runningRequests(int node) {
    return running[node];
  }

  @Override
  public int waitingRequests(int node) {
    return waiting[node];
  }

  @Override
  public double kvCacheUsage(int node) {
    return kvUsage[node];
  }

  @Override
  public int kvCacheBlocks(int node) {
    return kvBlocks;
  }

  @Override
  public long prefillTokensPending(int node) {
    return prefill[node];
  }

  @Override
  public int prefixMatches(RoutingRequest request, int[] nodesOut, int[] blocksOut) {
    return index.matches(request.promptBlocks(), nodesOut, blocksOut);
  }

  @Override
  public int matchedPrefixBlocks(RoutingRequest request, int node) {
    return index.matchedPromptBlocks(request.promptBlocks(), node);
  }

  // ---- Load signals: the array view's.

  @Override
  public double nowMs() {
    return base.nowMs();
  }

  @Override
  public int nodeCount() {
    return base.nodeCount();
  }

  @Override
  public int cellCount() {
    return base.cellCount();
  }

  @Override
  public int cellOf(int node) {
    return base.cellOf(node);
  }

  @Override
  public int firstNodeOf(int cell) {
    return base.firstNodeOf(cell);
  }

  @Override
  public int nodesInCell(int cell) {
    return base.nodesInCell(cell);
  }

  @Override
  public int queueDepth(int node) {
    return base.queueDepth(node);
  }

  @Override
  public int capacity(int node) {
    return base.capacity(node);
  }

  @Override
  public double utilization(int node) {
    return base.utilization(node);
  }

  @Override
  public double vramUtilization(int node) {
    return base.vramUtilization(node);
  }

  @Override
  public double signalAgeMs(int node) {
    return base.signalAgeMs(node);
  }

  @Override
  public boolean isAvailable(int node) {
    return base.isAvailable(node);
  }

  @Override
  public int leastLoadedNode() {
    return base.leastLoadedNode();
  }

  @Override
  public int leastLoadedNodeInCell(int cell) {
    return base.leastLoadedNodeInCell(cell);
  }

  @Override
  public long fleetQueueDepth() {
    return base.fleetQueueDepth();
  }

  @Override
  public long cellQueueDepth(int cell) {
    return base.cellQueueDepth(cell);
  }

  @Override
  public long cellCapacity(int cell) {
    return base.cellCapacity(cell);
  }

  @Override
  public double rttMs(int fromCell, int toCell) {
    return base.rttMs(fromCell, toCell);
  }
}
