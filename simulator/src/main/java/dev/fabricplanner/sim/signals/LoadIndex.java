package dev.fabricplanner.sim.signals;

/**
 * An indexed binary min-heap over the nodes {@code [first, first + count)}, keyed by published load
 * (ties to the lower node index), so the least loaded node is read in O(1) and a node's key changes in
 * O(log N).
 */
final class LoadIndex {
  private final int first;
  private final int[] heap;
  private final int[] position;
  private final double[] key;

  LoadIndex(int first, int count, double[] sharedKeys) {
    this.first = first;
    this.heap = new int[count];
    this.position = new int[count];
    this.key = sharedKeys;
    for (int i = 0; i < count; i++) {
      heap[i] = first + i;
      position[i] = i;
    }
    for (int i = count / 2 - 1; i >= 0; i--) {
      down(i);
    }
  }

  /** The node with the least key. */
  int top() {
    return heap[0];
  }

  double topKey() {
    return key[heap[0]];
  }

  /** Restores heap order after the node's key changed. */
  void changed(int node) {
    int i = position[node - first];
    up(i);
    down(position[node - first]);
  }

  private boolean less(int a, int b) {
    double ka = key[a];
    double kb = key[b];
    return ka < kb || (ka == kb && a < b);
  }

  private void up(int i) {
    int node = heap[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      int p = heap[parent];
      if (!less(node, p)) {
        break;
      }
      heap[i] = p;
      position[p - first] = i;
      i = parent;
    }
    heap[i] = node;
    position[node - first] = i;
  }

  private void down(int i) {
    int n = heap.length;
    int node = heap[i];
    while (true) {
      int child = 2 * i + 1;
      if (child >= n) {
        break;
      }
      if (child + 1 < n && less(heap[child + 1], heap[child])) {
        child++;
      }
      if (!less(heap[child], node)) {
        break;
      }
      heap[i] = heap[child];
      position[heap[i] - first] = i;
      i = child;
    }
    heap[i] = node;
    position[node - first] = i;
  }
}
