package dev.fabricplanner.strategy.kvaware;

import dev.fabricplanner.strategy.ClusterView;
import dev.fabricplanner.strategy.RoutingRequest;
import dev.fabricplanner.strategy.kv.PrefixIndex;
import java.util.SplittableRandom;

/**
 * The nodes a KV-aware strategy scores for one request, so that its work follows the answer rather
 * than the fleet: every available node holding the prompt's first block (from the view's precise
 * index or the strategy's own approximate one), the least loaded node (by the view's published load,
 * or the strategy's own count), and a few nodes sampled at
 * random (a node holding none of the prompt competes on load alone, so the least loaded and a sample
 * stand for all of them). The projects' routers score every worker; with tens of workers that is
 * cheap, with thousands it is not.
 */
final class KvCandidates {
  /** Candidate nodes, {@link #count} of them, no node twice. */
  final int[] nodes;
  /** Leading prompt blocks each candidate holds. */
  final int[] matched;
  int count;

  private final int samples;
  private final SplittableRandom random;
  private final int[] matchNodes;
  private final int[] matchBlocks;
  /** seen[n] == stamp: n is already a candidate for this request. */
  private final int[] seen;
  private int stamp;

  KvCandidates(int nodeCount, int samples, SplittableRandom random) {
    this.samples = samples;
    this.random = random;
    nodes = new int[nodeCount];
    matched = new int[nodeCount];
    matchNodes = new int[nodeCount];
    matchBlocks = new int[nodeCount];
    seen = new int[nodeCount];
  }

  /** Collects the candidates of {@code request}; {@code ownIndex} null: ask the view's index. */
  void collect(RoutingRequest request, ClusterView view, PrefixIndex ownIndex) {
    collect(request, view, ownIndex, view.leastLoadedNode());
  }

  /** As above, with the strategy's own least loaded node (-1: none) standing for the rest. */
  void collect(RoutingRequest request, ClusterView view, PrefixIndex ownIndex, int least) {
    stamp++;
    count = 0;
    int found =
        ownIndex == null
            ? view.prefixMatches(request, matchNodes, matchBlocks)
            : ownIndex.matches(request.promptBlocks(), matchNodes, matchBlocks);
    for (int i = 0; i < found; i++) {
      add(view, matchNodes[i], matchBlocks[i]);
    }
    if (least >= 0) {
      add(view, least, 0);
    }
    int nodeCount = view.nodeCount();
    for (int i = 0; i < samples; i++) {
      add(view, random.nextInt(nodeCount), 0);
    }
  }

  private void add(ClusterView view, int node, int blocks) {
    if (seen[node] == stamp || !view.isAvailable(node)) {
      return;
    }
    seen[node] = stamp;
    nodes[count] = node;
    matched[count] = blocks;
    count++;
  }
}
