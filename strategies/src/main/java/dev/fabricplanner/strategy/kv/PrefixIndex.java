package dev.fabricplanner.strategy.kv;

import dev.fabricplanner.strategy.ClusterView;
import dev.fabricplanner.strategy.PromptBlocks;
import java.util.Arrays;

/**
 * A router's view of which nodes hold which cached blocks, for KV-aware routing. Because block hashes
 * are chained, one hash names a whole prefix, so the index maps each block hash to the sorted set of
 * nodes holding it, rather than keeping a tree: "how many leading blocks of this prompt does node N
 * hold" is one lookup and a binary search per block, and "which nodes hold the longest match" starts
 * from the nodes holding the first block and intersects down the prompt, so its work follows the
 * answer's size and never visits a node that holds none of the prompt.
 *
 * <p>Two ways to fill it, after the two router designs it serves:
 *
 * <ul>
 *   <li>precise (Dynamo's KV router, llm-d's precise prefix scorer): the engines' events, {@link
 *       #stored} and {@link #evicted}, usually through the simulator's {@code KvEventFeed} that delivers them after
 *       the signal delay;
 *   <li>approximate (SGLang's cache-aware router, llm-d's approximate scorer): {@link #routed}
 *       records the blocks of each request the router sent to a node; {@link #expire} drops pairs not
 *       refreshed for {@code ttlMs}, and {@link #trim} caps each node's pairs by LRU, as SGLang's
 *       periodic eviction caps each worker's tree.
 * </ul>
 *
 * <p>Each (hash, node) pair is an entry in primitive arrays recycled through a free list, on two
 * intrusive lists (its node's entries, and all entries by last refresh), so expiry is O(1) per entry and
 * a node's loss clears only that node's entries. Node sets keep their arrays when recycled, so a warm
 * index allocates only when a set outgrows every earlier one.
 */
public final class PrefixIndex {
  private static final int NONE = -1;

  private final int nodes;
  private final double ttlMs;

  private long[] entryHash;
  private int[] entryNode;
  private double[] entryTime;
  /** Engines of the node that stored the pair (precise), or 1 (approximate). */
  private int[] holders;
  private int entryCapacity;
  private int[] freeEntries = new int[0];
  private int freeEntryCount;
  private int live;

  /** List n: node n's entries, most recently stored or refreshed first. */
  private final IdLists byNode;
  private final NodeCounts nodeSize;
  /** List 0: every entry, least recently stored or refreshed first. */
  private final IdLists byAge;

  /** Block hash → its holder set. */
  private final BlockHashTable setOf;
  /** Holder sets: nodes in ascending order, with the entry of each. */
  private int[][] setNodes = new int[0][];
  private int[][] setEntries = new int[0][];
  private int[] setSize = new int[0];
  private int[] freeSets = new int[0];
  private int freeSetCount;

  /** Positions in a {@link #matches} answer still matching at the current depth. */
  private final int[] alive;
  /** Candidate checks made by {@link #matches} so far: its work, for tests of its cost. */
  private long candidateChecks;

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
    byNode = new IdLists(nodes, 0);
    byAge = new IdLists(1, 0);
    nodeSize = new NodeCounts(nodes);
    alive = new int[nodes];
    setOf = new BlockHashTable(64);
    growEntries(64);
  }

  public int nodes() {
    return nodes;
  }

  /** (hash, node) pairs held. */
  public int entries() {
    return live;
  }

  /**
   * An available node holding the fewest blocks (SGLang's smallest tree: the most room for a new
   * prefix), found without a scan; -1 when none is up.
   */
  public int smallestNode(ClusterView view) {
    return nodeSize.least(view);
  }

  /** Cached blocks the index believes {@code node} holds. */
  public int blocksOn(int node) {
    return nodeSize.of(node);
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

  /** Leading blocks of the routed prompt {@code blocks} that {@code node} holds. */
  public int matchedPromptBlocks(PromptBlocks blocks, int node) {
    int count = blocks.count();
    for (int i = 0; i < count; i++) {
      if (find(blocks.hash(i), node) == NONE) {
        return i;
      }
    }
    return count;
  }

  /**
   * Every node holding at least the first block of {@code hashes}, in ascending node order, with how
   * many leading blocks it holds: nodes into {@code nodesOut}, counts into {@code blocksOut} (each at
   * least {@link #nodes()} long); returns how many nodes.
   */
  public int matches(long[] hashes, int[] nodesOut, int[] blocksOut) {
    return hashes == null ? 0 : matches(PromptBlocks.of(hashes), nodesOut, blocksOut);
  }

  /** As {@link #matches(long[], int[], int[])}, for a routed prompt (no copy of its hashes). */
  public int matches(PromptBlocks blocks, int[] nodesOut, int[] blocksOut) {
    if (blocks.count() == 0) {
      return 0;
    }
    int first = setOf.get(blocks.hash(0));
    if (first == BlockHashTable.ABSENT) {
      return 0;
    }
    int count = setSize[first];
    System.arraycopy(setNodes[first], 0, nodesOut, 0, count);
    for (int k = 0; k < count; k++) {
      blocksOut[k] = 1;
      alive[k] = k;
    }
    int aliveCount = count;
    for (int i = 1; i < blocks.count() && aliveCount > 0; i++) {
      int set = setOf.get(blocks.hash(i));
      if (set == BlockHashTable.ABSENT) {
        break;
      }
      int[] holders = setNodes[set];
      int size = setSize[set];
      int kept = 0;
      candidateChecks += aliveCount;
      // Few candidates against a big set: search; otherwise walk both sorted lists together.
      if (aliveCount * 8 < size) {
        for (int a = 0; a < aliveCount; a++) {
          int k = alive[a];
          if (Arrays.binarySearch(holders, 0, size, nodesOut[k]) >= 0) {
            blocksOut[k]++;
            alive[kept++] = k;
          }
        }
      } else {
        int p = 0;
        for (int a = 0; a < aliveCount && p < size; a++) {
          int k = alive[a];
          int node = nodesOut[k];
          while (p < size && holders[p] < node) {
            p++;
          }
          if (p < size && holders[p] == node) {
            blocksOut[k]++;
            alive[kept++] = k;
          }
        }
      }
      aliveCount = kept;
    }
    return count;
  }

  /**
   * A stored event: one more of {@code node}'s block pools holds {@code hash} as of {@code nowMs}. A
   * node may run several engines (MIG slices), so the index counts them and forgets the pair only
   * when each has evicted it.
   */
  public void stored(int node, long hash, double nowMs) {
    int e = entry(node, hash, nowMs); // first: it may grow the arrays
    holders[e]++;
  }

  /** An evicted event: one of {@code node}'s pools dropped {@code hash}; false when none held it. */
  public boolean evicted(int node, long hash) {
    checkNode(node);
    int e = find(hash, node);
    if (e == NONE) {
      return false;
    }
    if (--holders[e] <= 0) {
      release(e);
    }
    return true;
  }

  /** Forgets everything {@code node} holds (the node was lost or restarted); returns how many. */
  public int clearNode(int node) {
    checkNode(node);
    int removed = 0;
    while (byNode.head(node) != IdLists.NONE) {
      release(byNode.head(node));
      removed++;
    }
    return removed;
  }

  /**
   * The approximate index's update: a request with these block hashes was sent to {@code node} at
   * {@code nowMs}, so the router assumes the node will hold them.
   */
  public void routed(int node, long[] hashes, double nowMs) {
    if (hashes != null) {
      routed(node, PromptBlocks.of(hashes), nowMs);
    }
  }

  /** As {@link #routed(int, long[], double)}, for a routed prompt (no copy of its hashes). */
  public void routed(int node, PromptBlocks blocks, double nowMs) {
    for (int i = 0; i < blocks.count(); i++) {
      int e = entry(node, blocks.hash(i), nowMs);
      holders[e] = Math.max(holders[e], 1);
    }
  }

  /** Drops entries last refreshed at or before {@code nowMs - ttlMs}; returns how many. */
  public int expire(double nowMs) {
    int removed = 0;
    while (byAge.head(0) != IdLists.NONE && entryTime[byAge.head(0)] + ttlMs <= nowMs) {
      release(byAge.head(0));
      removed++;
    }
    return removed;
  }

  /**
   * Keeps at most {@code maxBlocks} entries per node, dropping each node's least recently stored or
   * routed ones, as SGLang's router trims each worker's approximate tree to {@code max_tree_size} by
   * LRU on every eviction cycle; returns how many were dropped.
   */
  public int trim(int maxBlocks) {
    if (maxBlocks < 0) {
      throw new IllegalArgumentException("maxBlocks must be at least 0, not " + maxBlocks);
    }
    int removed = 0;
    for (int node = 0; node < nodes; node++) {
      removed += trim(node, maxBlocks);
    }
    return removed;
  }

  /**
   * Keeps at most {@code maxBlocks} entries on {@code node}, dropping its least recently stored or
   * routed ones: a router trimming one server's approximate index when it routes there (llm-d's
   * per-server LRU), at a cost that follows what is dropped, not the fleet's size.
   */
  public int trim(int node, int maxBlocks) {
    checkNode(node);
    int removed = 0;
    while (nodeSize.of(node) > maxBlocks) {
      release(byNode.tail(node));
      removed++;
    }
    return removed;
  }

  public long candidateChecks() {
    return candidateChecks;
  }

  // ---- Internals ----

  /** The entry for (hash, node), created with no holders if new, refreshed to {@code nowMs}. */
  private int entry(int node, long hash, double nowMs) {
    checkNode(node);
    int set = setOf.get(hash);
    if (set == BlockHashTable.ABSENT) {
      set = newSet();
      setOf.put(hash, set);
    }
    int size = setSize[set];
    int pos = Arrays.binarySearch(setNodes[set], 0, size, node);
    if (pos >= 0) {
      int e = setEntries[set][pos];
      entryTime[e] = nowMs;
      byAge.unlink(0, e);
      byAge.append(0, e);
      byNode.unlink(node, e);
      byNode.prepend(node, e);
      return e;
    }
    int e = newEntry();
    entryHash[e] = hash;
    entryNode[e] = node;
    entryTime[e] = nowMs;
    holders[e] = 0;
    pos = -pos - 1;
    if (size == setNodes[set].length) {
      setNodes[set] = Arrays.copyOf(setNodes[set], size * 2);
      setEntries[set] = Arrays.copyOf(setEntries[set], size * 2);
    }
    System.arraycopy(setNodes[set], pos, setNodes[set], pos + 1, size - pos);
    System.arraycopy(setEntries[set], pos, setEntries[set], pos + 1, size - pos);
    setNodes[set][pos] = node;
    setEntries[set][pos] = e;
    setSize[set] = size + 1;
    byNode.prepend(node, e);
    nodeSize.add(node);
    byAge.append(0, e);
    live++;
    return e;
  }

  private int find(long hash, int node) {
    int set = setOf.get(hash);
    if (set == BlockHashTable.ABSENT) {
      return NONE;
    }
    int pos = Arrays.binarySearch(setNodes[set], 0, setSize[set], node);
    return pos >= 0 ? setEntries[set][pos] : NONE;
  }

  private void release(int e) {
    long hash = entryHash[e];
    int node = entryNode[e];
    int set = setOf.get(hash);
    int size = setSize[set];
    int pos = Arrays.binarySearch(setNodes[set], 0, size, node);
    System.arraycopy(setNodes[set], pos + 1, setNodes[set], pos, size - pos - 1);
    System.arraycopy(setEntries[set], pos + 1, setEntries[set], pos, size - pos - 1);
    setSize[set] = size - 1;
    if (size == 1) {
      setOf.remove(hash);
      freeSets[freeSetCount++] = set;
    }
    byNode.unlink(node, e);
    nodeSize.remove(node);
    byAge.unlink(0, e);
    freeEntries[freeEntryCount++] = e;
    live--;
  }

  private int newSet() {
    if (freeSetCount == 0) {
      int old = setSize.length;
      int capacity = Math.max(64, old * 2);
      setNodes = Arrays.copyOf(setNodes, capacity);
      setEntries = Arrays.copyOf(setEntries, capacity);
      setSize = Arrays.copyOf(setSize, capacity);
      freeSets = Arrays.copyOf(freeSets, capacity);
      for (int s = capacity - 1; s >= old; s--) {
        setNodes[s] = new int[2];
        setEntries[s] = new int[2];
        freeSets[freeSetCount++] = s;
      }
    }
    return freeSets[--freeSetCount];
  }

  private int newEntry() {
    if (freeEntryCount == 0) {
      growEntries(entryCapacity * 2);
    }
    return freeEntries[--freeEntryCount];
  }

  private void growEntries(int capacity) {
    int old = entryCapacity;
    entryHash = entryHash == null ? new long[capacity] : Arrays.copyOf(entryHash, capacity);
    entryTime = entryTime == null ? new double[capacity] : Arrays.copyOf(entryTime, capacity);
    entryNode = entryNode == null ? new int[capacity] : Arrays.copyOf(entryNode, capacity);
    holders = holders == null ? new int[capacity] : Arrays.copyOf(holders, capacity);
    byNode.grow(capacity);
    byAge.grow(capacity);
    freeEntries = Arrays.copyOf(freeEntries, capacity);
    // Low ids first, so a small index stays compact.
    for (int e = capacity - 1; e >= old; e--) {
      freeEntries[freeEntryCount++] = e;
    }
    entryCapacity = capacity;
  }

  private void checkNode(int node) {
    if (node < 0 || node >= nodes) {
      throw new IllegalArgumentException("node " + node + " is outside 0.." + (nodes - 1));
    }
  }
}
