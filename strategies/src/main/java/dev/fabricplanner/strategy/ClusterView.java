package dev.fabricplanner.strategy;

/**
 * The fleet as a strategy sees it: published signals that may be stale, never the engine's true state.
 *
 * <p>Nodes are numbered 0..nodeCount()-1 and the nodes of a cell are contiguous, so a cell is the range
 * [firstNodeOf(cell), firstNodeOf(cell) + nodesInCell(cell)). Every query here is O(1) or O(log N): a
 * strategy must never scan the whole fleet per request.
 */
public interface ClusterView {

  /** Simulated time of the decision, in milliseconds. */
  double nowMs();

  int nodeCount();

  int cellCount();

  int cellOf(int node);

  int firstNodeOf(int cell);

  int nodesInCell(int cell);

  /** Published requests queued or in service at the node. */
  int queueDepth(int node);

  /** Concurrency slots of the node (sum over its MIG slices). */
  int capacity(int node);

  /** Published fraction of busy slots, 0..1. */
  double utilization(int node);

  /** Published fraction of VRAM in use (weights plus KV cache), 0..1. */
  double vramUtilization(int node);

  /** Age of the node's published queue depth, in milliseconds. */
  double signalAgeMs(int node);

  /** Whether the node was up when its signals were last published. */
  boolean isAvailable(int node);

  /** An available node with the least published queueDepth/capacity; ties go to the lowest index. */
  int leastLoadedNode();

  /** An available node of the cell with the least published queueDepth/capacity; -1 if none is up. */
  int leastLoadedNodeInCell(int cell);

  /** Sum of the published queue depths of the cell's nodes. */
  long cellQueueDepth(int cell);

  /** Sum of the capacities of the cell's available nodes. */
  long cellCapacity(int cell);

  /** Round-trip time between two cells in milliseconds (intra-cell RTT when equal). */
  double rttMs(int fromCell, int toCell);

  /** Sum of the published queue depths of every node; O(cells) unless the view keeps the total. */
  default long fleetQueueDepth() {
    long total = 0;
    for (int cell = 0; cell < cellCount(); cell++) {
      total += cellQueueDepth(cell);
    }
    return total;
  }

  /**
   * Published requests in the node's running batch (prefilling or decoding), vLLM's {@code
   * num_requests_running}; published with the resource signals. A view without it reports 0.
   */
  default int runningRequests(int node) {
    return 0;
  }

  /** Published requests waiting for admission, vLLM's {@code num_requests_waiting}. */
  default int waitingRequests(int node) {
    return queueDepth(node);
  }

  /** Published fraction of the node's KV-cache blocks in use, 0..1, vLLM's {@code kv_cache_usage_perc}. */
  default double kvCacheUsage(int node) {
    return 0;
  }

  /** KV-cache blocks of the node (sum over its servers); fixed for the run. 0: not known. */
  default int kvCacheBlocks(int node) {
    return 0;
  }

  /** Published prompt tokens still to prefill on the node (waiting and part-prefilled requests). */
  default long prefillTokensPending(int node) {
    return 0;
  }

  /**
   * Every node published to hold at least the first block of the request's prompt, with how many
   * leading blocks it holds: nodes into {@code nodesOut}, counts into {@code blocksOut} (each at least
   * {@link #nodeCount()} long); returns how many. Its work follows the answer's size, not the fleet's.
   * A view with no KV index returns 0.
   */
  default int prefixMatches(RoutingRequest request, int[] nodesOut, int[] blocksOut) {
    return 0;
  }

  /**
   * Leading blocks of the request's prompt that the node is published to hold in its prefix cache.
   * A view with no KV index (no KV events published) reports 0 for every node.
   */
  default int matchedPrefixBlocks(RoutingRequest request, int node) {
    return 0;
  }

  /**
   * Whether the node runs prefills (role prefill or both). Every node does in a fleet that is not
   * disaggregated.
   */
  default boolean prefills(int node) {
    return true;
  }

  /** Whether the node decodes (role decode or both). */
  default boolean decodes(int node) {
    return true;
  }

  /**
   * Expected milliseconds to move a prompt's KV cache from a prefill node to a decode node over the
   * transport the planner chose for that pair (0 for the same node, or when nothing is bound;
   * infinite when the first is no prefill node or the second no decode node). Link queueing is not
   * included.
   */
  default double kvTransferMs(int prefillNode, int decodeNode, int promptTokens) {
    return 0;
  }
}
