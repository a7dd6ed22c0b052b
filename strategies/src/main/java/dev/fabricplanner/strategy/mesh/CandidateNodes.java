package dev.fabricplanner.strategy.mesh;

import dev.fabricplanner.strategy.ClusterView;
import java.util.SplittableRandom;

/**
 * The nodes a mesh decision scores: {@code d} nodes drawn uniformly from each candidate cell (the
 * origin and its nearest cells; a cell of at most d nodes is taken whole), skipping nodes published as
 * down and duplicates. Sampling rather than each
 * cell's least-loaded node keeps stale signals from sending every request to one node. O(d × cells
 * looked at) per decision, independent of fleet size.
 */
public final class CandidateNodes {
  private final ClusterView view;
  private final CandidateCells cells;
  private final int d;
  private final SplittableRandom random;
  private final int[] nodes;
  private int count;
  private int inOrigin;

  public CandidateNodes(ClusterView view, CandidateCells cells, int d, SplittableRandom random) {
    this.view = view;
    this.cells = cells;
    this.d = d;
    this.random = random;
    this.nodes = new int[d * cells.cells().length + 1];
  }

  /**
   * Samples candidates for a request from {@code origin}, never {@code excluded} (a hedge's first
   * node; -1 for none). Falls back to each cell's indexed least-loaded node, then the fleet's, when
   * sampling finds nothing up. Returns how many candidates {@link #nodes()} holds.
   */
  public int sample(int origin, int excluded) {
    count = 0;
    int cellCount = cells.around(origin);
    int[] around = cells.cells();
    for (int c = 0; c < cellCount; c++) {
      int cell = around[c];
      int first = view.firstNodeOf(cell);
      int size = view.nodesInCell(cell);
      int start = count;
      boolean whole = d >= size; // a small cell is looked at whole
      int draws = whole ? size : d;
      for (int i = 0; i < draws; i++) {
        int node = whole ? first + i : first + random.nextInt(size);
        if (node != excluded && view.isAvailable(node) && !taken(node, start)) {
          nodes[count++] = node;
        }
      }
      if (c == 0) {
        inOrigin = count;
      }
    }
    if (count == 0) {
      for (int c = 0; c < cellCount && count == 0; c++) {
        int node = view.leastLoadedNodeInCell(around[c]);
        if (node >= 0 && node != excluded) {
          nodes[count++] = node;
        }
      }
    }
    if (count == 0) {
      int node = view.leastLoadedNode();
      if (node >= 0) {
        nodes[count++] = node;
      }
    }
    return count;
  }

  private boolean taken(int node, int from) {
    for (int i = from; i < count; i++) {
      if (nodes[i] == node) {
        return true;
      }
    }
    return false;
  }

  /** A candidate's cost to a strategy; lower is better. */
  @FunctionalInterface
  public interface Cost {
    double of(int node);
  }

  /** The first of {@code count} sampled candidates with the least cost; -1 when there are none. */
  public int cheapest(int count, Cost cost) {
    int best = -1;
    double bestCost = Double.POSITIVE_INFINITY;
    for (int i = 0; i < count; i++) {
      double c = cost.of(nodes[i]);
      if (c < bestCost) {
        best = nodes[i];
        bestCost = c;
      }
    }
    return best;
  }

  /** How many of the candidates, at the front of {@link #nodes()}, are in the origin cell. */
  public int inOrigin() {
    return inOrigin;
  }

  public int[] nodes() {
    return nodes;
  }
}
