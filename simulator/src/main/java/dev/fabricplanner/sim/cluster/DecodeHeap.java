package dev.fabricplanner.sim.cluster;

/**
 * The sequences decoding on one server, as a pairing heap threaded through the request table and
 * keyed by the step count at which each request produces its last token. Insert is O(1) and removing the minimum O(log B)
 * amortised, so a batch change costs O(log B) instead of touching every sequence.
 */
final class DecodeHeap {
  private final RequestTable requests;
  private int[] pairs = new int[64];

  DecodeHeap(RequestTable requests) {
    this.requests = requests;
  }

  int insert(int root, int request) {
    requests.child[request] = -1;
    requests.sibling[request] = -1;
    return root < 0 ? request : meld(root, request);
  }

  /** The heap without its root. */
  int removeMin(int root) {
    int first = requests.child[root];
    requests.child[root] = -1;
    if (first < 0) {
      return -1;
    }
    // Pass one: meld children in pairs, left to right.
    int count = 0;
    int node = first;
    while (node >= 0) {
      int a = node;
      int b = requests.sibling[a];
      int rest = b >= 0 ? requests.sibling[b] : -1;
      requests.sibling[a] = -1;
      if (b >= 0) {
        requests.sibling[b] = -1;
        a = meld(a, b);
      }
      if (count == pairs.length) {
        pairs = java.util.Arrays.copyOf(pairs, count * 2);
      }
      pairs[count++] = a;
      node = rest;
    }
    // Pass two: meld the pairs right to left.
    int result = pairs[--count];
    while (count > 0) {
      result = meld(pairs[--count], result);
    }
    return result;
  }

  /**
   * The heap without {@code request}, wherever it sits. Pairing-heap links have no parent pointer, so
   * this rebuilds the heap from its other members: O(B), paid only when a hedge loser is cancelled.
   */
  int remove(int root, int request) {
    if (root == request) {
      return removeMin(root);
    }
    int count = collect(root, 0);
    int result = -1;
    for (int i = 0; i < count; i++) {
      int r = members[i];
      if (r != request) {
        result = insert(result, r);
      }
    }
    requests.child[request] = -1;
    requests.sibling[request] = -1;
    return result;
  }

  private int[] members = new int[64];

  /** Lists the heap's members for {@link #member}; returns how many. O(B). */
  int list(int root) {
    return root < 0 ? 0 : collect(root, 0);
  }

  /** The i-th member found by the last {@link #list}. */
  int member(int i) {
    return members[i];
  }

  private int collect(int root, int count) {
    int top = 0;
    int[] stack = new int[Math.max(16, members.length)];
    stack[top++] = root;
    while (top > 0) {
      int r = stack[--top];
      if (count == members.length) {
        members = java.util.Arrays.copyOf(members, count * 2);
      }
      members[count++] = r;
      for (int c = requests.child[r]; c >= 0; c = requests.sibling[c]) {
        if (top == stack.length) {
          stack = java.util.Arrays.copyOf(stack, top * 2);
        }
        stack[top++] = c;
      }
    }
    return count;
  }

  private int meld(int a, int b) {
    double[] key = requests.finishV;
    if (key[b] < key[a] || (key[b] == key[a] && requests.id[b] < requests.id[a])) {
      int swap = a;
      a = b;
      b = swap;
    }
    requests.sibling[b] = requests.child[a];
    requests.child[a] = b;
    return a;
  }
}
