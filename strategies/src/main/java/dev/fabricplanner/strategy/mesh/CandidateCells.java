package dev.fabricplanner.strategy.mesh;

import dev.fabricplanner.strategy.ClusterView;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The cells a mesh decision looks at: the request's origin cell, then its {@code k} nearest cells by
 * RTT. Up to {@link #PRECOMPUTE_LIMIT} cells the neighbour lists are computed once at creation
 * (O(cells² log cells)); above it, {@code k} other cells are sampled per decision, so no decision or
 * set-up cost grows with the square of the fleet.
 */
public final class CandidateCells {
  public static final int PRECOMPUTE_LIMIT = 2048;

  private final int k;
  private final int cellCount;
  private final int[][] nearest;
  private final SplittableRandom random;
  private final int[] cells;

  public CandidateCells(ClusterView view, int k, SplittableRandom random) {
    this.cellCount = view.cellCount();
    this.k = Math.min(k, cellCount - 1);
    this.random = random;
    this.cells = new int[this.k + 1];
    this.nearest = cellCount <= PRECOMPUTE_LIMIT ? nearestCells(view, this.k) : null;
  }

  private static int[][] nearestCells(ClusterView view, int k) {
    int cellCount = view.cellCount();
    int[][] nearest = new int[cellCount][];
    Integer[] others = new Integer[cellCount - 1];
    double[] rtt = new double[cellCount];
    for (int from = 0; from < cellCount; from++) {
      int at = 0;
      for (int to = 0; to < cellCount; to++) {
        rtt[to] = view.rttMs(from, to);
        if (to != from) {
          others[at++] = to;
        }
      }
      // Ties (equal RTT) go to the lower cell index so the lists are reproducible.
      Arrays.sort(others, (a, b) -> {
        int byRtt = Double.compare(rtt[a], rtt[b]);
        return byRtt != 0 ? byRtt : Integer.compare(a, b);
      });
      nearest[from] = new int[k];
      for (int i = 0; i < k; i++) {
        nearest[from][i] = others[i];
      }
    }
    return nearest;
  }

  /** Fills {@link #cells()} with the origin then its neighbours; returns how many were filled. */
  public int around(int origin) {
    cells[0] = origin;
    if (nearest != null) {
      System.arraycopy(nearest[origin], 0, cells, 1, k);
      return k + 1;
    }
    for (int i = 1; i <= k; i++) {
      cells[i] = distinctCell(origin, i);
    }
    return k + 1;
  }

  private int distinctCell(int origin, int taken) {
    while (true) {
      int cell = random.nextInt(cellCount);
      boolean seen = false;
      for (int j = 0; j < taken; j++) {
        seen |= cells[j] == cell;
      }
      if (!seen) {
        return cell;
      }
    }
  }

  public int[] cells() {
    return cells;
  }
}
