package dev.fabricplanner.strategy.pd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fabricplanner.strategy.ArrayClusterView;
import dev.fabricplanner.strategy.ClusterView;
import dev.fabricplanner.strategy.RoutingDecision;
import dev.fabricplanner.strategy.RoutingRequest;
import dev.fabricplanner.strategy.Strategies;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two hosts of two nodes: nodes 0 and 2 prefill, 1 and 3 decode; a transfer inside a host takes 1 ms,
 * across hosts 500 ms (a lost RDMA transport).
 */
class PdPairStrategyTest {
  private final ArrayClusterView loads = new ArrayClusterView(2, 2);
  private int cachedOn = -1;

  private final ClusterView view = new ClusterView() {
    @Override public double nowMs() {
      return loads.nowMs();
    }

    @Override public int nodeCount() {
      return loads.nodeCount();
    }

    @Override public int cellCount() {
      return loads.cellCount();
    }

    @Override public int cellOf(int node) {
      return loads.cellOf(node);
    }

    @Override public int firstNodeOf(int cell) {
      return loads.firstNodeOf(cell);
    }

    @Override public int nodesInCell(int cell) {
      return loads.nodesInCell(cell);
    }

    @Override public int queueDepth(int node) {
      return loads.queueDepth(node);
    }

    @Override public int capacity(int node) {
      return loads.capacity(node);
    }

    @Override public double utilization(int node) {
      return loads.utilization(node);
    }

    @Override public double vramUtilization(int node) {
      return loads.vramUtilization(node);
    }

    @Override public double signalAgeMs(int node) {
      return loads.signalAgeMs(node);
    }

    @Override public boolean isAvailable(int node) {
      return loads.isAvailable(node);
    }

    @Override public int leastLoadedNode() {
      return loads.leastLoadedNode();
    }

    @Override public int leastLoadedNodeInCell(int cell) {
      return loads.leastLoadedNodeInCell(cell);
    }

    @Override public long cellQueueDepth(int cell) {
      return loads.cellQueueDepth(cell);
    }

    @Override public long cellCapacity(int cell) {
      return loads.cellCapacity(cell);
    }

    @Override public double rttMs(int fromCell, int toCell) {
      return loads.rttMs(fromCell, toCell);
    }

    @Override public boolean prefills(int node) {
      return node % 2 == 0;
    }

    @Override public boolean decodes(int node) {
      return node % 2 == 1;
    }

    @Override public double kvTransferMs(int prefillNode, int decodeNode, int promptTokens) {
      return prefillNode / 2 == decodeNode / 2 ? 1 : 500;
    }

    @Override public int matchedPrefixBlocks(RoutingRequest request, int node) {
      return node == cachedOn ? 8 : 0;
    }

    @Override public int prefixMatches(RoutingRequest request, int[] nodesOut, int[] blocksOut) {
      if (cachedOn < 0) {
        return 0;
      }
      nodesOut[0] = cachedOn;
      blocksOut[0] = 8;
      return 1;
    }
  };

  private RoutingDecision route(String name) {
    return route(name, Map.of());
  }

  private RoutingDecision route(String name, Map<String, Object> params) {
    var provider = switch (name) {
      case "pd_load" -> PdPairStrategy.LOAD;
      case "pd_prefix" -> PdPairStrategy.PREFIX;
      default -> PdPairStrategy.TRANSPORT;
    };
    return Strategies.create(provider, params, view).route(Strategies.request(1, 0), view);
  }

  @Test
  void pdLoadPicksTheLeastLoadedNodeOfEachRole() {
    loads.queueDepth(0, 3).queueDepth(1, 2).queueDepth(2, 1).queueDepth(3, 4);
    RoutingDecision d = route("pd_load");
    assertEquals(Map.of("prefill", 2, "decode", 1), Map.of("prefill", d.node(), "decode", d.decodeNode()));
  }

  @Test
  void pdPrefixPrefillsWhereThePromptIsCached() {
    loads.queueDepth(0, 3);
    cachedOn = 0;
    RoutingDecision d = route("pd_prefix");
    assertEquals(Map.of("prefill", 0, "decode", 1), Map.of("prefill", d.node(), "decode", d.decodeNode()));
  }

  @Test
  void pdTransportPaysForTheTransfer() {
    // Decode node 3 is less loaded, but 500 ms away from prefill node 0; node 1 is 1 ms away.
    loads.capacity(1, 4).capacity(3, 4).queueDepth(1, 4).queueDepth(2, 9);
    assertEquals(3, route("pd_load").decodeNode());
    RoutingDecision d = route("pd_transport");
    assertEquals(Map.of("prefill", 0, "decode", 1), Map.of("prefill", d.node(), "decode", d.decodeNode()));
  }

  @Test
  void noDecodeNodeUpMeansNoNode() {
    loads.down(1).down(3);
    assertEquals(-1, route("pd_load").node());
  }

  @Test
  void sampledRoutersStillFindTheCachedPrefillNodeAndTheSameHostDecodeNode() {
    // One sample per role out of two: the draw may miss the node that matters, so pd_prefix adds the
    // nodes the KV index names and pd_transport the decode nodes on the prefill node's host.
    // The one draw (seed 42) is the same in both cases, so at least one cached node is not drawn.
    loads.queueDepth(0, 3);
    cachedOn = 0;
    assertEquals(0, route("pd_prefix", Map.of("samples", 1)).node());
    cachedOn = 2;
    assertEquals(2, route("pd_prefix", Map.of("samples", 1)).node());
    cachedOn = -1;
    loads.capacity(1, 4).capacity(3, 4).queueDepth(1, 4).queueDepth(2, 9);
    RoutingDecision d = route("pd_transport", Map.of("samples", 1));
    assertEquals(d.node() / 2, d.decodeNode() / 2, "decode on the prefill node's host");
  }
}
