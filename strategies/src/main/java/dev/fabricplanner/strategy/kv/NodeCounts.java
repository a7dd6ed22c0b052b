package dev.fabricplanner.strategy.kv;

import dev.fabricplanner.strategy.ClusterView;
import java.util.Arrays;

/**
 * A count per node that moves by one at a time, with the nodes kept in buckets by count (doubly linked
 * lists, as in an O(1) LFU cache), so the least and the most counted node are found without a scan of
 * the fleet; nodes that are down are skipped. A router's requests in flight per node (SGLang's {@code
 * running_queue}) and the blocks a {@link PrefixIndex} holds per node (SGLang's tree sizes) are both
 * such counts. Among equal counts the order is the buckets' (last moved first): deterministic, not by
 * index.
 */
public final class NodeCounts {
  private final int[] count;
  private final int[] next;
  private final int[] prev;
  private int[] head;
  private int min;
  private int max;

  public NodeCounts(int nodes) {
    count = new int[nodes];
    next = new int[nodes];
    prev = new int[nodes];
    head = new int[16];
    Arrays.fill(head, -1);
    for (int n = nodes - 1; n >= 0; n--) {
      push(n, 0);
    }
  }

  /** The node's count. */
  public int of(int node) {
    return count[node];
  }

  /** One more at the node. */
  public void add(int node) {
    int c = count[node];
    unlink(node, c);
    push(node, c + 1);
    count[node] = c + 1;
    max = Math.max(max, c + 1);
    if (c == min && head[c] < 0) {
      min = c + 1;
    }
  }

  /** One fewer at the node; its count must be positive. */
  public void remove(int node) {
    int c = count[node];
    if (c == 0) {
      throw new IllegalStateException("node " + node + " has a count of 0: nothing to remove");
    }
    unlink(node, c);
    push(node, c - 1);
    count[node] = c - 1;
    min = Math.min(min, c - 1);
    if (c == max && head[c] < 0) {
      max = c - 1;
    }
  }

  /** An available node with the lowest count; -1 when none is up. */
  public int least(ClusterView view) {
    for (int c = min; c <= max; c++) {
      for (int n = head[c]; n >= 0; n = next[n]) {
        if (view.isAvailable(n)) {
          return n;
        }
      }
    }
    return -1;
  }

  /** The highest count of an available node (the lowest count of all when none is up). */
  public int most(ClusterView view) {
    for (int c = max; c > min; c--) {
      for (int n = head[c]; n >= 0; n = next[n]) {
        if (view.isAvailable(n)) {
          return c;
        }
      }
    }
    return min;
  }

  private void push(int node, int c) {
    if (c >= head.length) {
      int old = head.length;
      head = Arrays.copyOf(head, Math.max(c + 1, old * 2));
      Arrays.fill(head, old, head.length, -1);
    }
    prev[node] = -1;
    next[node] = head[c];
    if (head[c] >= 0) {
      prev[head[c]] = node;
    }
    head[c] = node;
  }

  private void unlink(int node, int c) {
    if (prev[node] >= 0) {
      next[prev[node]] = next[node];
    } else {
      head[c] = next[node];
    }
    if (next[node] >= 0) {
      prev[next[node]] = prev[node];
    }
  }
}
