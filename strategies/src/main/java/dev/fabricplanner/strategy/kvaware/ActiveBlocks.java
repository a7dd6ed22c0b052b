package dev.fabricplanner.strategy.kvaware;

import dev.fabricplanner.strategy.ClusterView;
import dev.fabricplanner.strategy.PromptBlocks;
import dev.fabricplanner.strategy.RoutingRequest;
import dev.fabricplanner.strategy.kv.BlockHashTable;
import dev.fabricplanner.strategy.kv.NodeCounts;
import java.util.HashMap;
import java.util.Map;

/**
 * The KV blocks of the requests a router has in flight at each node, as Dynamo's KV router tracks
 * them itself (its active sequences: a request's blocks are added when it is routed and dropped when
 * it completes), so the decode load it weighs is exact and never stale. Blocks are counted once per
 * node however many of its requests share them (a shared prefix occupies one set of paged blocks); a
 * prompt's blocks without a hash (its last, partial block, or every block of a workload that carries no
 * hashes) are its own.
 */
final class ActiveBlocks {
  private static final int BLOCK_TOKENS = 16;

  /** A routed request still in flight: where, and its prompt. */
  private record Active(int node, PromptBlocks blocks, int ownBlocks) {}

  private final NodeCounts active;
  private final Map<Long, Active> byRequest = new HashMap<>();
  /**
   * Per node, block hash -> requests in flight there holding it: one small primitive table per node
   * (made on first use), so scoring a candidate touches only that node's few cache lines.
   */
  private final BlockHashTable[] holders;

  ActiveBlocks(int nodes) {
    active = new NodeCounts(nodes);
    holders = new BlockHashTable[nodes];
  }

  private BlockHashTable holdersOf(int node) {
    BlockHashTable table = holders[node];
    if (table == null) {
      table = new BlockHashTable(64);
      holders[node] = table;
    }
    return table;
  }

  /** Distinct blocks of the requests in flight at the node. */
  int of(int node) {
    return active.of(node);
  }

  /** An available node with the fewest active blocks; -1 when none is up. */
  int least(ClusterView view) {
    return active.least(view);
  }

  /** Blocks the request would add to the node's active blocks: those not active there already. */
  int added(RoutingRequest request, int node) {
    PromptBlocks blocks = request.promptBlocks();
    BlockHashTable held = holders[node];
    if (held == null || held.size() == 0) {
      return ownBlocks(request) + blocks.count();
    }
    int added = ownBlocks(request);
    for (int i = 0; i < blocks.count(); i++) {
      if (held.get(blocks.hash(i)) == BlockHashTable.ABSENT) {
        added++;
      }
    }
    return added;
  }

  /** The router sent the request to the node. */
  void routed(RoutingRequest request, int node) {
    Active a = new Active(node, request.promptBlocks(), ownBlocks(request));
    if (byRequest.putIfAbsent(request.id(), a) != null) {
      throw new IllegalStateException("request " + request.id() + " is in flight already");
    }
    BlockHashTable table = holdersOf(node);
    for (int i = 0; i < a.blocks().count(); i++) {
      long hash = a.blocks().hash(i);
      int held = table.get(hash);
      if (held == BlockHashTable.ABSENT) {
        table.put(hash, 1);
        active.add(node);
      } else {
        table.put(hash, held + 1);
      }
    }
    for (int i = 0; i < a.ownBlocks(); i++) {
      active.add(node);
    }
  }

  /** The request is no longer in flight (a request the router never routed is ignored). */
  void left(long requestId) {
    Active a = byRequest.remove(requestId);
    if (a == null) {
      return;
    }
    BlockHashTable table = holders[a.node()];
    for (int i = 0; i < a.blocks().count(); i++) {
      long hash = a.blocks().hash(i);
      int held = table.get(hash);
      if (held == 1) {
        table.remove(hash);
        active.remove(a.node());
      } else {
        table.put(hash, held - 1);
      }
    }
    for (int i = 0; i < a.ownBlocks(); i++) {
      active.remove(a.node());
    }
  }

  /** Blocks of the prompt that carry no hash: its partial last block, or all of an unhashed prompt. */
  private static int ownBlocks(RoutingRequest request) {
    long blocks = (request.inputTokens() + BLOCK_TOKENS - 1) / BLOCK_TOKENS;
    return (int) Math.max(0, blocks - request.promptBlocks().count());
  }
}
