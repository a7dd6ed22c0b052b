package dev.fabricplanner.sim.kv;

import java.util.Arrays;

/**
 * A router's view of which nodes hold which cached blocks, for KV-aware routing. Because block hashes
 * are chained, one hash names a whole prefix, so the index is a set of (block hash, node) pairs rather
 * than a tree: "how many leading blocks of this prompt does node N hold" is one probe per block, and
 * "which nodes hold the longest match" starts from the nodes holding the first block and narrows,
 * never visiting a node that holds none of the prompt.
 *
 * <p>Two ways to fill it, after the two router designs it serves:
 *
 * <ul>
 *   <li>precise (Dynamo's KV router, llm-d's precise prefix scorer): the engines' stored/evicted
 *       events, usually through a {@link KvEventFeed} that delivers them after the signal delay;
 *   <li>approximate (SGLang's cache-aware router, llm-d's approximate scorer): {@link #routed}
 *       records the blocks of each request the router sent to a node, and {@link #expire} drops pairs
 *       not refreshed for {@code ttlMs} (SGLang evicts its tree after 120 s).
 * </ul>
 *
 * <p>Entries live in primitive arrays recycled through a free list; each is on three intrusive lists
 * (its hash's nodes, its node's hashes, and all entries by last refresh) so removal is O(1) and a
 * node's loss clears only that node's entries.
 */
public final class PrefixIndex {
  private static final int NONE = -1;

  private final int nodes;
  private final double ttlMs;

  private long[] entryHash;
  private int[] entryNode;
  private double[] entryTime;
  private int[] hashNext;
  private int[] hashPrev;
  private int[] nodeNext;
  private int[] nodePrev;
  private int[] ageNext;
  private int[] agePrev;
  private int capacity;
  private int freeEntry = NONE;
  private int live;

  private final int[] nodeHead;
  private final int[] nodeSize;
  private int ageHead = NONE;
  private int ageTail = NONE;

  /** First entry of each hash's list of nodes. */
  private final BlockHashTable hashHead;
  /** (hash, node) → entry, open addressing over entry ids. */
  private int[] pairSlots;
  private int pairMask;

  /** An index whose entries never expire (fed by engine events). */
  public PrefixIndex(int nodes) {
    this(nodes, Double.POSITIVE_INFINITY);
  }

  /** An index whose entries expire {@code ttlMs} after they were last stored or routed. */
  public PrefixIndex(int nodes, double ttlMs) {
    if (nodes < 1) {
      throw new IllegalArgumentException("nodes must be at least 1, not " + nodes);
    }
    if (!(ttlMs > 0)) {
      throw new IllegalArgumentException("ttlMs must be positive, not " + ttlMs);
    }
    this.nodes = nodes;
    this.ttlMs = ttlMs;
    nodeHead = new int[nodes];
    Arrays.fill(nodeHead, NONE);
    nodeSize = new int[nodes];
    hashHead = new BlockHashTable(64);
    growEntries(64);
  }

  public int nodes() {
    return nodes;
  }

  /** (hash, node) pairs held. */
  public int entries() {
    return live;
  }

  /** Cached blocks the index believes {@code node} holds. */
  public int blocksOn(int node) {
    return nodeSize[node];
  }

  public boolean holds(int node, long hash) {
    return find(hash, node) != NONE;
  }

  /** Leading blocks of {@code hashes} that {@code node} holds; 0 for null. */
  public int matchedBlocks(long[] hashes, int node) {
    if (hashes == null) {
      return 0;
    }
    for (int i = 0; i < hashes.length; i++) {
      if (find(hashes[i], node) == NONE) {
        return i;
      }
    }
    return hashes.length;
  }

  /**
   * Every node holding at least the first block of {@code hashes}, with how many leading blocks it
   * holds: nodes into {@code nodesOut}, counts into {@code blocksOut} (each at least {@link #nodes()}
   * long); returns how many nodes. Order: by first-block entry age, oldest first.
   */
  public int matches(long[] hashes, int[] nodesOut, int[] blocksOut) {
    if (hashes == null || hashes.length == 0) {
      return 0;
    }
    int count = 0;
    for (int e = hashHead.get(hashes[0]); e != BlockHashTable.ABSENT; e = hashNext[e]) {
      nodesOut[count] = entryNode[e];
      blocksOut[count] = 1;
      count++;
    }
    // Narrow depth by depth: only nodes still matching at depth i are probed for block i.
    int alive = count;
    for (int i = 1; i < hashes.length && alive > 0; i++) {
      alive = 0;
      for (int k = 0; k < count; k++) {
        if (blocksOut[k] == i && find(hashes[i], nodesOut[k]) != NONE) {
          blocksOut[k] = i + 1;
          alive++;
        }
      }
    }
    return count;
  }

  /** Records that {@code node} holds {@code hash} as of {@code nowMs} (a stored event, or a refresh). */
  public void add(int node, long hash, double nowMs) {
    checkNode(node);
    int e = find(hash, node);
    if (e != NONE) {
      entryTime[e] = nowMs;
      unlinkAge(e);
      appendAge(e);
      return;
    }
    e = newEntry();
    entryHash[e] = hash;
    entryNode[e] = node;
    entryTime[e] = nowMs;
    int head = hashHead.get(hash);
    hashPrev[e] = NONE;
    hashNext[e] = head == BlockHashTable.ABSENT ? NONE : head;
    if (head != BlockHashTable.ABSENT) {
      hashPrev[head] = e;
    }
    // New entries go to the front; matches() reports the first block's nodes in this list's order.
    hashHead.put(hash, e);
    nodePrev[e] = NONE;
    nodeNext[e] = nodeHead[node];
    if (nodeHead[node] != NONE) {
      nodePrev[nodeHead[node]] = e;
    }
    nodeHead[node] = e;
    nodeSize[node]++;
    appendAge(e);
    insertPair(e);
    live++;
  }

  /** Forgets that {@code node} holds {@code hash} (an evicted event); false when it was not held. */
  public boolean remove(int node, long hash) {
    checkNode(node);
    int e = find(hash, node);
    if (e == NONE) {
      return false;
    }
    release(e);
    return true;
  }

  /** Forgets everything {@code node} holds (the node was lost or restarted); returns how many. */
  public int clearNode(int node) {
    checkNode(node);
    int removed = 0;
    while (nodeHead[node] != NONE) {
      release(nodeHead[node]);
      removed++;
    }
    return removed;
  }

  /**
   * The approximate index's update: a request with these block hashes was sent to {@code node} at
   * {@code nowMs}, so the router assumes the node will hold them.
   */
  public void routed(int node, long[] hashes, double nowMs) {
    if (hashes == null) {
      return;
    }
    for (long h : hashes) {
      add(node, h, nowMs);
    }
  }

  /** Drops entries last refreshed at or before {@code nowMs - ttlMs}; returns how many. */
  public int expire(double nowMs) {
    int removed = 0;
    while (ageHead != NONE && entryTime[ageHead] + ttlMs <= nowMs) {
      release(ageHead);
      removed++;
    }
    return removed;
  }

  // ---- Internals ----

  private void release(int e) {
    long hash = entryHash[e];
    int node = entryNode[e];
    int hp = hashPrev[e];
    int hn = hashNext[e];
    if (hp == NONE) {
      if (hn == NONE) {
        hashHead.remove(hash);
      } else {
        hashHead.put(hash, hn);
      }
    } else {
      hashNext[hp] = hn;
    }
    if (hn != NONE) {
      hashPrev[hn] = hp;
    }
    int np = nodePrev[e];
    int nn = nodeNext[e];
    if (np == NONE) {
      nodeHead[node] = nn;
    } else {
      nodeNext[np] = nn;
    }
    if (nn != NONE) {
      nodePrev[nn] = np;
    }
    nodeSize[node]--;
    unlinkAge(e);
    removePair(e);
    hashNext[e] = freeEntry;
    freeEntry = e;
    live--;
  }

  private void appendAge(int e) {
    agePrev[e] = ageTail;
    ageNext[e] = NONE;
    if (ageTail == NONE) {
      ageHead = e;
    } else {
      ageNext[ageTail] = e;
    }
    ageTail = e;
  }

  private void unlinkAge(int e) {
    int p = agePrev[e];
    int n = ageNext[e];
    if (p == NONE) {
      ageHead = n;
    } else {
      ageNext[p] = n;
    }
    if (n == NONE) {
      ageTail = p;
    } else {
      agePrev[n] = p;
    }
  }

  private int newEntry() {
    if (freeEntry == NONE) {
      growEntries(capacity * 2);
    }
    int e = freeEntry;
    freeEntry = hashNext[e];
    return e;
  }

  private void growEntries(int newCapacity) {
    int old = capacity;
    entryHash = Arrays.copyOf(entryHash == null ? new long[0] : entryHash, newCapacity);
    entryNode = grow(entryNode, newCapacity);
    entryTime = Arrays.copyOf(entryTime == null ? new double[0] : entryTime, newCapacity);
    hashNext = grow(hashNext, newCapacity);
    hashPrev = grow(hashPrev, newCapacity);
    nodeNext = grow(nodeNext, newCapacity);
    nodePrev = grow(nodePrev, newCapacity);
    ageNext = grow(ageNext, newCapacity);
    agePrev = grow(agePrev, newCapacity);
    for (int e = newCapacity - 1; e >= old; e--) {
      hashNext[e] = freeEntry;
      freeEntry = e;
    }
    capacity = newCapacity;
    // The pair table stays at most half full of live entries.
    pairSlots = new int[newCapacity * 2];
    pairMask = pairSlots.length - 1;
    Arrays.fill(pairSlots, NONE);
    for (int node = 0; node < nodes; node++) {
      for (int e = nodeHead[node]; e != NONE; e = nodeNext[e]) {
        insertPair(e);
      }
    }
  }

  private static int[] grow(int[] a, int n) {
    return a == null ? new int[n] : Arrays.copyOf(a, n);
  }

  private int pairSlot(long hash, int node) {
    long h = hash + 0x9e3779b97f4a7c15L * (node + 1);
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return (int) h & pairMask;
  }

  private int find(long hash, int node) {
    for (int i = pairSlot(hash, node); ; i = (i + 1) & pairMask) {
      int e = pairSlots[i];
      if (e == NONE) {
        return NONE;
      }
      if (entryHash[e] == hash && entryNode[e] == node) {
        return e;
      }
    }
  }

  private void insertPair(int e) {
    int i = pairSlot(entryHash[e], entryNode[e]);
    while (pairSlots[i] != NONE) {
      i = (i + 1) & pairMask;
    }
    pairSlots[i] = e;
  }

  private void removePair(int e) {
    int i = pairSlot(entryHash[e], entryNode[e]);
    while (pairSlots[i] != e) {
      i = (i + 1) & pairMask;
    }
    int hole = i;
    for (int j = (hole + 1) & pairMask; pairSlots[j] != NONE; j = (j + 1) & pairMask) {
      int home = pairSlot(entryHash[pairSlots[j]], entryNode[pairSlots[j]]);
      if (BlockHashTable.movable(hole, j, home)) {
        pairSlots[hole] = pairSlots[j];
        hole = j;
      }
    }
    pairSlots[hole] = NONE;
  }

  private void checkNode(int node) {
    if (node < 0 || node >= nodes) {
      throw new IllegalArgumentException("node " + node + " is outside 0.." + (nodes - 1));
    }
  }
}
