package dev.fabricplanner.strategy.mesh;

import dev.fabricplanner.strategy.ClusterView;
import java.util.SplittableRandom;

/**
 * The cells a mesh decision looks at: the request's origin cell, then its {@code k} nearest cells by
 * RTT. Up to {@link #PRECOMPUTE_LIMIT} cells the neighbour lists are computed once at creation
 * (O(cells² × k)); above it, {@code k} other cells are sampled per decision, so no decision or
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

  /** The k nearest other cells of each cell, nearest first; ties go to the lower index. */
  private static int[][] nearestCells(ClusterView view, int k) {
    int cellCount = view.cellCount();
    int[][] nearest = new int[cellCount][];
    double[] bestRtt = new double[k];
    for (int from = 0; from < cellCount; from++) {
      int[] best = new int[k];
      int held = 0;
      // Insertion into a sorted top-k: O(cells × k) per cell, no full sort.
      for (int to = 0; to < cellCount; to++) {
        if (to == from) {
          continue;
        }
        double rtt = view.rttMs(from, to);
        if (held == k && !(rtt < bestRtt[k - 1])) {
          continue;
        }
        int at = held == k ? k - 1 : held++;
        while (at > 0 && rtt < bestRtt[at - 1]) {
          bestRtt[at] = bestRtt[at - 1];
          best[at] = best[at - 1];
          at--;
        }
        bestRtt[at] = rtt;
        best[at] = to;
      }
      nearest[from] = best;
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
