package dev.fabricplanner.sim.signals;

import dev.fabricplanner.sim.cluster.Fleet;
import dev.fabricplanner.sim.config.DelayRange;
import dev.fabricplanner.sim.config.SignalConfig;
import dev.fabricplanner.sim.engine.EventKind;
import dev.fabricplanner.sim.engine.EventQueue;
import dev.fabricplanner.sim.fabric.FabricBinding;
import dev.fabricplanner.sim.kv.KvEventFeed;
import dev.fabricplanner.sim.network.Network;
import dev.fabricplanner.strategy.ClusterView;
import dev.fabricplanner.strategy.RoutingRequest;
import dev.fabricplanner.strategy.kv.PrefixIndex;
import java.util.SplittableRandom;

/**
 * The fleet as strategies see it: values each node published, stale by the configured delays, while
 * the engine serves from the true state in {@link Fleet}.
 *
 * <p>Two signal groups: load (queue depth and availability, refreshed every {@code queue_depth_ms}) and
 * resources (busy slots, VRAM, and what vLLM's metrics endpoint reports for the KV-aware routers:
 * running and waiting requests, KV-cache usage, prompt tokens still to prefill; every {@code
 * vram_ms}). Each node gets its own refresh period, drawn
 * uniformly from the configured range, and a random phase. Publication is lazy: a change to a node's
 * true state schedules one publish event at the node's next refresh boundary if none is pending, so
 * the cost follows state changes, not nodes x periods. A published value becomes visible after the
 * mean intra-cell transport delay. A group whose refresh range and transport delay are zero is live.
 *
 * <p>Published load (queue depth / capacity, +inf when down) is kept in indexed heaps, one fleet-wide
 * and one per cell, so {@link #leastLoadedNode()} and {@link #leastLoadedNodeInCell(int)} cost O(log N)
 * per publication since the last query, and nothing for strategies that never ask.
 */
public final class PublishedSignals implements ClusterView {
  private FabricBinding fabric;
  private final Fleet fleet;
  private final Network network;
  private final EventQueue events;
  private final int nodes;
  private final int nodesPerCell;
  private double nowMs;

  private final boolean liveLoad;
  private final boolean liveResources;
  private final double transportMs;
  private final double[] loadPeriod;
  private final double[] loadPhase;
  private final double[] resourcePeriod;
  private final double[] resourcePhase;

  private final int[] depth;
  private final boolean[] available;
  private final double[] loadVisibleMs;
  private final boolean[] loadPending;
  private final int[] depthSnapshot;
  private final boolean[] availableSnapshot;

  private final int[] busy;
  private final double[] vram;
  private final boolean[] resourcePending;
  private final int[] busySnapshot;
  private final double[] vramSnapshot;
  /** Engine metrics for KV-aware routers, published with the resources, and their snapshots. */
  private final int[] running;
  private final int[] waiting;
  private final double[] kvUsage;
  private final long[] prefillPending;
  private final int[] runningSnapshot;
  private final int[] waitingSnapshot;
  private final double[] kvUsageSnapshot;
  private final long[] prefillPendingSnapshot;
  private final int[] kvBlocks;
  private long fleetDepth;

  private final double[] loadKey;
  private final LoadIndex fleetIndex;
  private final LoadIndex[] cellIndex;
  private final long[] cellDepth;
  private final long[] cellCapacity;
  /** Nodes whose published load changed since the indices were last brought up to date. */
  private final int[] dirty;
  private final boolean[] isDirty;
  private int dirtyCount;

  private long publications;
  private PrefixIndex kvIndex;
  private KvEventFeed kvFeed;

  public PublishedSignals(
      Fleet fleet, Network network, EventQueue events, SignalConfig config, SplittableRandom random) {
    this.fleet = fleet;
    this.network = network;
    this.events = events;
    this.nodes = fleet.nodeCount();
    this.nodesPerCell = fleet.nodesPerCell();
    transportMs = config.transportMs().intraCell().mean();
    liveLoad = config.queueDepthMs().isZero() && transportMs == 0;
    liveResources = config.vramMs().isZero() && transportMs == 0;
    loadPeriod = new double[nodes];
    loadPhase = new double[nodes];
    resourcePeriod = new double[nodes];
    resourcePhase = new double[nodes];
    drawPeriods(config.queueDepthMs(), loadPeriod, loadPhase, random);
    drawPeriods(config.vramMs(), resourcePeriod, resourcePhase, random);
    depth = new int[nodes];
    available = new boolean[nodes];
    loadVisibleMs = new double[nodes];
    loadPending = new boolean[nodes];
    depthSnapshot = new int[nodes];
    availableSnapshot = new boolean[nodes];
    busy = new int[nodes];
    vram = new double[nodes];
    resourcePending = new boolean[nodes];
    busySnapshot = new int[nodes];
    vramSnapshot = new double[nodes];
    running = new int[nodes];
    waiting = new int[nodes];
    kvUsage = new double[nodes];
    prefillPending = new long[nodes];
    runningSnapshot = new int[nodes];
    waitingSnapshot = new int[nodes];
    kvUsageSnapshot = new double[nodes];
    prefillPendingSnapshot = new long[nodes];
    kvBlocks = new int[nodes];
    loadKey = new double[nodes];
    int cells = fleet.cellCount();
    cellDepth = new long[cells];
    cellCapacity = new long[cells];
    for (int n = 0; n < nodes; n++) {
      available[n] = true;
      vram[n] = fleet.nodeVramFraction(n, 0);
      kvBlocks[n] = fleet.kvCacheBlocks(n);
      cellCapacity[fleet.cellOf(n)] += fleet.capacity(n);
    }
    dirty = new int[nodes];
    isDirty = new boolean[nodes];
    fleetIndex = new LoadIndex(0, nodes, loadKey);
    cellIndex = new LoadIndex[cells];
    for (int c = 0; c < cells; c++) {
      cellIndex[c] = new LoadIndex(c * nodesPerCell, nodesPerCell, loadKey);
    }
  }

  private static void drawPeriods(
      DelayRange range, double[] period, double[] phase, SplittableRandom random) {
    for (int n = 0; n < period.length; n++) {
      double p = range.min() + (range.max() - range.min()) * random.nextDouble();
      period[n] = p;
      phase[n] = p * random.nextDouble();
    }
  }

  public void setNow(double now) {
    nowMs = now;
    if (kvFeed != null) {
      kvFeed.advanceTo(now); // the index holds what was published up to now - delay
    }
  }

  /**
   * Answers prefix queries from {@code index}, kept by {@code feed} (precise mode: the servers' own
   * block events, seen after the feed's delay). Without it the view reports no cached prefix.
   */
  /** Answers node roles and KV transfer times from the fleet's binding to measured records. */
  public void useFabric(FabricBinding binding) {
    this.fabric = binding;
  }

  @Override
  public boolean prefills(int node) {
    return fabric == null || fabric.prefills(node);
  }

  @Override
  public boolean decodes(int node) {
    return fabric == null || fabric.decodes(node);
  }

  @Override
  public double kvTransferMs(int prefillNode, int decodeNode, int promptTokens) {
    if (fabric == null || prefillNode == decodeNode || !fabric.handsOff()) {
      return 0;
    }
    return fabric.prefills(prefillNode) && fabric.decodes(decodeNode)
        ? fabric.price(prefillNode, decodeNode).ms(promptTokens) : Double.POSITIVE_INFINITY;
  }

  public void useKvIndex(PrefixIndex index, KvEventFeed feed) {
    kvIndex = index;
    kvFeed = feed;
  }

  /**
   * How far behind the engines the KV index is now: the age of the oldest block event it has not yet
   * applied (0 when it has them all, or when there is no index).
   */
  public double kvIndexLagMs() {
    return kvFeed == null ? 0 : kvFeed.oldestPendingAgeMs();
  }

  /** The KV event stream's delivery delay (0 when there is no index). */
  public double kvEventDelayMs() {
    return kvFeed == null ? 0 : kvFeed.delayMs();
  }

  @Override
  public int matchedPrefixBlocks(RoutingRequest request, int node) {
    return kvIndex == null ? 0 : kvIndex.matchedPromptBlocks(request.promptBlocks(), node);
  }

  @Override
  public int prefixMatches(RoutingRequest request, int[] nodesOut, int[] blocksOut) {
    return kvIndex == null ? 0 : kvIndex.matches(request.promptBlocks(), nodesOut, blocksOut);
  }

  // ---------------------------------------------------------------- true-state changes

  public void loadChanged(int node, double now) {
    if (liveLoad) {
      applyLoad(node, fleet.depth(node), fleet.isUp(node), now);
    } else if (!loadPending[node]) {
      loadPending[node] = true;
      events.schedule(nextBoundary(loadPeriod[node], loadPhase[node], now), EventKind.PUBLISH_LOAD, node);
    }
  }

  public void resourcesChanged(int node, double now) {
    if (!liveResources && !resourcePending[node]) {
      resourcePending[node] = true;
      events.schedule(
          nextBoundary(resourcePeriod[node], resourcePhase[node], now),
          EventKind.PUBLISH_RESOURCES,
          node);
    }
  }

  private static double nextBoundary(double period, double phase, double now) {
    if (period <= 0) {
      return now;
    }
    double k = Math.floor((now - phase) / period) + 1;
    return phase + k * period;
  }

  // ---------------------------------------------------------------- publication events

  public void publishLoad(int node, double now) {
    loadPending[node] = false;
    publications++;
    if (transportMs == 0) {
      applyLoad(node, fleet.depth(node), fleet.isUp(node), now);
    } else {
      depthSnapshot[node] = fleet.depth(node);
      availableSnapshot[node] = fleet.isUp(node);
      events.schedule(now + transportMs, EventKind.APPLY_LOAD, node);
    }
  }

  public void applyLoadSnapshot(int node, double now) {
    applyLoad(node, depthSnapshot[node], availableSnapshot[node], now - transportMs);
  }

  private void applyLoad(int node, int newDepth, boolean up, double asOfMs) {
    int cell = node / nodesPerCell;
    cellDepth[cell] += newDepth - depth[node];
    fleetDepth += newDepth - depth[node];
    if (up != available[node]) {
      cellCapacity[cell] += up ? fleet.capacity(node) : -fleet.capacity(node);
    }
    depth[node] = newDepth;
    available[node] = up;
    loadVisibleMs[node] = asOfMs;
    double key = up ? (double) newDepth / fleet.capacity(node) : Double.POSITIVE_INFINITY;
    if (key != loadKey[node]) {
      loadKey[node] = key;
      if (!isDirty[node]) {
        isDirty[node] = true;
        dirty[dirtyCount++] = node;
      }
    }
  }

  /**
   * Brings the load indices up to date. Done on a query rather than on every publication: strategies
   * that never ask for the least loaded node (sampling ones) then pay nothing for the indices, and a
   * node that published several times between two queries is re-sifted once. The heaps order nodes by
   * (load, index), a total order, so the answer does not depend on when they were updated.
   */
  private void flushIndices() {
    for (int i = 0; i < dirtyCount; i++) {
      int node = dirty[i];
      isDirty[node] = false;
      fleetIndex.changed(node);
      cellIndex[node / nodesPerCell].changed(node);
    }
    dirtyCount = 0;
  }

  public void publishResources(int node, double now) {
    resourcePending[node] = false;
    publications++;
    if (transportMs == 0) {
      busy[node] = fleet.busySlots(node);
      vram[node] = fleet.nodeVramFraction(node, now);
      running[node] = fleet.runningRequests(node);
      waiting[node] = fleet.waitingRequests(node);
      kvUsage[node] = fleet.kvCacheUsage(node, now);
      prefillPending[node] = fleet.prefillTokensPending(node);
    } else {
      busySnapshot[node] = fleet.busySlots(node);
      vramSnapshot[node] = fleet.nodeVramFraction(node, now);
      runningSnapshot[node] = fleet.runningRequests(node);
      waitingSnapshot[node] = fleet.waitingRequests(node);
      kvUsageSnapshot[node] = fleet.kvCacheUsage(node, now);
      prefillPendingSnapshot[node] = fleet.prefillTokensPending(node);
      events.schedule(now + transportMs, EventKind.APPLY_RESOURCES, node);
    }
  }

  public void applyResourcesSnapshot(int node) {
    busy[node] = busySnapshot[node];
    vram[node] = vramSnapshot[node];
    running[node] = runningSnapshot[node];
    waiting[node] = waitingSnapshot[node];
    kvUsage[node] = kvUsageSnapshot[node];
    prefillPending[node] = prefillPendingSnapshot[node];
  }

  public long publications() {
    return publications;
  }

  // ---------------------------------------------------------------- ClusterView

  @Override
  public double nowMs() {
    return nowMs;
  }

  @Override
  public int nodeCount() {
    return nodes;
  }

  @Override
  public int cellCount() {
    return fleet.cellCount();
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
    return depth[node];
  }

  @Override
  public int capacity(int node) {
    return fleet.capacity(node);
  }

  @Override
  public double utilization(int node) {
    int b = liveResources ? fleet.busySlots(node) : busy[node];
    return (double) b / fleet.capacity(node);
  }

  @Override
  public double vramUtilization(int node) {
    return liveResources ? fleet.nodeVramFraction(node, nowMs) : vram[node];
  }

  @Override
  public int runningRequests(int node) {
    return liveResources ? fleet.runningRequests(node) : running[node];
  }

  @Override
  public int waitingRequests(int node) {
    return liveResources ? fleet.waitingRequests(node) : waiting[node];
  }

  @Override
  public double kvCacheUsage(int node) {
    return liveResources ? fleet.kvCacheUsage(node, nowMs) : kvUsage[node];
  }

  @Override
  public int kvCacheBlocks(int node) {
    return kvBlocks[node];
  }

  @Override
  public long prefillTokensPending(int node) {
    return liveResources ? fleet.prefillTokensPending(node) : prefillPending[node];
  }

  @Override
  public long fleetQueueDepth() {
    return fleetDepth;
  }

  @Override
  public double signalAgeMs(int node) {
    if (liveLoad) {
      return 0;
    }
    double sinceVisible = nowMs - loadVisibleMs[node];
    if (loadPending[node] || loadPeriod[node] <= 0) {
      return sinceVisible;
    }
    // Nothing changed since: the value is as fresh as the node's last refresh.
    double sinceBoundary =
        nowMs - loadPhase[node]
            - loadPeriod[node] * Math.floor((nowMs - loadPhase[node]) / loadPeriod[node]);
    return Math.min(sinceVisible, sinceBoundary + transportMs);
  }

  @Override
  public boolean isAvailable(int node) {
    return available[node];
  }

  @Override
  public int leastLoadedNode() {
    flushIndices();
    return fleetIndex.topKey() == Double.POSITIVE_INFINITY ? -1 : fleetIndex.top();
  }

  @Override
  public int leastLoadedNodeInCell(int cell) {
    flushIndices();
    LoadIndex index = cellIndex[cell];
    return index.topKey() == Double.POSITIVE_INFINITY ? -1 : index.top();
  }

  @Override
  public long cellQueueDepth(int cell) {
    return cellDepth[cell];
  }

  @Override
  public long cellCapacity(int cell) {
    return cellCapacity[cell];
  }

  @Override
  public double rttMs(int fromCell, int toCell) {
    return network.rttMs(fromCell, toCell);
  }
}
