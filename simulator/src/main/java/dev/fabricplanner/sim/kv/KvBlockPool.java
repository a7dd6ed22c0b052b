package dev.fabricplanner.sim.kv;

import dev.fabricplanner.strategy.kv.BlockHashTable;
import dev.fabricplanner.strategy.kv.IdLists;
import java.util.Arrays;

/**
 * One engine's paged KV cache: a fixed number of blocks of {@code blockSize} tokens, handed to
 * sequences (requests being served) on demand, with vLLM V1's automatic prefix caching. It mirrors
 * vLLM's {@code BlockPool} and {@code KVCacheManager} (vllm/v1/core/block_pool.py,
 * kv_cache_manager.py):
 *
 * <ul>
 *   <li>a block full of prompt tokens is registered under its chained block hash once computed
 *       ({@link #commit}), and a later prompt with the same leading hashes reuses it by reference count
 *       instead of recomputing it ({@link #admit});
 *   <li>free blocks wait in one queue in eviction order: allocation takes the head, and a block that
 *       still holds a hash loses it then (an eviction); freed hashed blocks join the tail (so cached
 *       blocks are evicted least recently freed first), freed unhashed ones the head, since they can
 *       never hit; a sequence's blocks are freed last-block-first, so a prompt's tail goes before its
 *       shared head;
 *   <li>a fully cached prompt still computes its last token (vLLM caps a hit at {@code tokens - 1}),
 *       so at most {@code (tokens - 1) / blockSize} blocks hit.
 * </ul>
 *
 * <p>Sequences are int handles recycled like request slots. Every array is primitive and grows by
 * doubling to its peak, so nothing is allocated per request or per step once warm. Operations that
 * can run short of blocks ({@link #admit}, {@link #grow}) either succeed whole or change nothing, so
 * the engine can preempt and retry. Unlike vLLM, which keeps duplicate blocks of one hash, the first
 * block registered under a hash keeps it and a later identical block stays unhashed; vLLM's reserved
 * null block is not modelled.
 */
public final class KvBlockPool {
  /** What {@link #admit} returns when too few blocks are free. */
  public static final int NO_SPACE = -1;

  private final int totalBlocks;
  private final int blockSize;
  private final boolean prefixCaching;
  private final KvEventListener listener;

  private final int[] refCount;
  private final long[] blockHash;
  private final boolean[] hashed;
  /** The free queue, list 0: head allocated next. */
  private final IdLists queue;
  private int freeCount;
  private int cachedFree;
  private final BlockHashTable cached;

  /** Blocks held through {@link #takeUnhashed}, a stack: interchangeable, so not tracked per request. */
  private final int[] unhashedHeld;
  private int unhashedCount;

  private int[][] seqBlocks = new int[0][];
  private int[] seqBlockCount = new int[0];
  private long[][] seqHashes = new long[0][];
  private int[] seqCommitted = new int[0];
  private int[] seqCachedTokens = new int[0];
  private boolean[] seqLive = new boolean[0];
  private int[] freeSeqs = new int[0];
  private int freeSeqCount;
  private int liveSeqs;

  private long admissions;
  private long hitAdmissions;
  private long queriedTokens;
  private long hitTokens;
  private long resumedAdmissions;
  private long resumedQueriedTokens;
  private long resumedHitTokens;
  private long storedBlocks;
  private long evictedBlocks;

  public KvBlockPool(int totalBlocks, int blockSize, boolean prefixCaching) {
    this(totalBlocks, blockSize, prefixCaching, null);
  }

  /** {@code listener} (may be null) hears every hash stored and evicted, in order. */
  public KvBlockPool(
      int totalBlocks, int blockSize, boolean prefixCaching, KvEventListener listener) {
    if (totalBlocks < 1) {
      throw new IllegalArgumentException("totalBlocks must be at least 1, not " + totalBlocks);
    }
    if (blockSize < 1) {
      throw new IllegalArgumentException("blockSize must be at least 1, not " + blockSize);
    }
    this.totalBlocks = totalBlocks;
    this.blockSize = blockSize;
    this.prefixCaching = prefixCaching;
    this.listener = listener;
    refCount = new int[totalBlocks];
    blockHash = new long[totalBlocks];
    hashed = new boolean[totalBlocks];
    queue = new IdLists(1, totalBlocks);
    unhashedHeld = new int[totalBlocks];
    for (int b = 0; b < totalBlocks; b++) {
      appendFree(b);
    }
    cached = new BlockHashTable(prefixCaching ? totalBlocks : 4);
  }

  // ---- Lookups without side effects (routers and the scheduler ask these) ----

  /** How many leading hashes of {@code hashes} are cached here (used or free); 0 for null. */
  public int cachedPrefixBlocks(long[] hashes) {
    if (!prefixCaching || hashes == null) {
      return 0;
    }
    return matchedBlocks(hashes, hashes.length);
  }

  /**
   * Tokens a request of {@code tokens} tokens (prompt plus any output already generated) with these
   * block hashes would reuse if admitted now: whole cached blocks, leaving at least the last token
   * to compute.
   */
  public int cachedTokens(long[] hashes, int tokens) {
    return hitBlocks(hashes, tokens) * blockSize;
  }

  /** Blocks needed to hold {@code tokens} tokens. */
  public int blocksFor(int tokens) {
    return (int) ((tokens + (long) blockSize - 1) / blockSize);
  }

  /** Whether {@link #admit} with these arguments would succeed now. */
  public boolean canAdmit(long[] hashes, int tokens, int holdTokens) {
    int hit = hitBlocks(hashes, tokens);
    return blocksToTake(hashes, hit, holdTokens) <= freeCount;
  }

  // ---- A sequence's life: admit, grow, commit, free ----

  /**
   * Starts a sequence for a request of {@code tokens} tokens (its prompt, plus output generated
   * before a preemption): takes its cached prefix blocks (reference count up, out of the free queue)
   * and allocates fresh blocks so it holds {@code holdTokens} tokens (at least its cached prefix).
   * Returns the sequence handle, or {@link #NO_SPACE} with nothing changed when too few blocks are
   * free. Hit statistics count a {@code resumed} (preempted) request apart, as vLLM does. The pool
   * keeps {@code hashes} (not a copy) until {@link #free}: it must not change meanwhile.
   */
  public int admit(long[] hashes, int tokens, int holdTokens, boolean resumed) {
    if (tokens < 1 || holdTokens < 0) {
      throw new IllegalArgumentException(
          "a request needs at least 1 token and holds at least 0, not " + tokens + " and " + holdTokens);
    }
    int hit = hitBlocks(hashes, tokens);
    if (blocksToTake(hashes, hit, holdTokens) > freeCount) {
      return NO_SPACE;
    }
    int hold = Math.max(hit, blocksFor(holdTokens));
    int seq = newSequence(hold);
    int[] blocks = seqBlocks[seq];
    for (int i = 0; i < hit; i++) {
      int b = cached.get(hashes[i]);
      touch(b);
      blocks[i] = b;
    }
    for (int i = hit; i < hold; i++) {
      blocks[i] = takeFree();
    }
    seqBlockCount[seq] = hold;
    seqHashes[seq] = prefixCaching ? hashes : null;
    seqCommitted[seq] = hit;
    seqCachedTokens[seq] = hit * blockSize;
    if (resumed) {
      resumedAdmissions++;
      resumedQueriedTokens += tokens;
      resumedHitTokens += (long) hit * blockSize;
    } else {
      admissions++;
      queriedTokens += tokens;
      hitTokens += (long) hit * blockSize;
      if (hit > 0) {
        hitAdmissions++;
      }
    }
    return seq;
  }

  /**
   * Makes {@code seq} hold at least {@code tokens} tokens, allocating blocks from the free queue's
   * head; false, with nothing changed, when too few are free (the engine then preempts).
   */
  public boolean grow(int seq, int tokens) {
    checkLive(seq);
    int need = blocksFor(tokens) - seqBlockCount[seq];
    if (need <= 0) {
      return true;
    }
    if (need > freeCount) {
      return false;
    }
    int count = seqBlockCount[seq];
    int[] blocks = ensureBlockCapacity(seq, count + need);
    for (int i = 0; i < need; i++) {
      blocks[count + i] = takeFree();
    }
    seqBlockCount[seq] = count + need;
    return true;
  }

  /**
   * Registers the hashes of {@code seq}'s blocks that {@code computedTokens} tokens fill completely
   * (only blocks whose hash the request carries), so later prompts can reuse them. A hash already
   * cached keeps its existing block.
   */
  public void commit(int seq, int computedTokens) {
    checkLive(seq);
    long[] hashes = seqHashes[seq];
    if (hashes == null) {
      return;
    }
    int full = Math.min(Math.min(computedTokens / blockSize, hashes.length), seqBlockCount[seq]);
    int[] blocks = seqBlocks[seq];
    for (int i = seqCommitted[seq]; i < full; i++) {
      long h = hashes[i];
      if (cached.get(h) != BlockHashTable.ABSENT) {
        continue;
      }
      int b = blocks[i];
      cached.put(h, b);
      blockHash[b] = h;
      hashed[b] = true;
      storedBlocks++;
      if (listener != null) {
        listener.stored(h, i, i > 0 ? hashes[i - 1] : 0L);
      }
    }
    seqCommitted[seq] = Math.max(seqCommitted[seq], full);
  }

  /**
   * Ends {@code seq} (finished or preempted): each block's reference count drops, and blocks no one
   * else holds return to the free queue, hashed ones at the tail (last block first, so a prompt's tail
   * is evicted before its head) and unhashed ones at the head. Without prefix caching every block goes
   * to the tail, as vLLM does for locality.
   */
  public void free(int seq) {
    checkLive(seq);
    int[] blocks = seqBlocks[seq];
    int count = seqBlockCount[seq];
    for (int i = count - 1; i >= 0; i--) {
      int b = blocks[i];
      if (--refCount[b] == 0 && (hashed[b] || !prefixCaching)) {
        appendFree(b);
        if (hashed[b]) {
          cachedFree++;
        }
      }
    }
    if (prefixCaching) {
      // Prepending in forward order leaves the last block at the head, as vLLM's prepend_n of the
      // reversed list does.
      for (int i = 0; i < count; i++) {
        int b = blocks[i];
        if (refCount[b] == 0 && !hashed[b]) {
          prependFree(b);
        }
      }
    }
    seqLive[seq] = false;
    seqHashes[seq] = null;
    seqBlockCount[seq] = 0;
    freeSeqs[freeSeqCount++] = seq;
    liveSeqs--;
  }

  // ---- Blocks for generated tokens, counted in bulk ----

  /**
   * Takes {@code count} blocks that will never be hashed (they hold generated tokens), for an engine
   * that counts a decoding request's blocks itself instead of growing each sequence: allocation from
   * the free queue's head, evictions and events exactly as {@link #grow}. False, with nothing changed,
   * when too few are free. Such blocks are interchangeable, so the pool keeps only a stack of them.
   */
  public boolean takeUnhashed(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be at least 0, not " + count);
    }
    if (count > freeCount) {
      return false;
    }
    for (int i = 0; i < count; i++) {
      unhashedHeld[unhashedCount++] = takeFree();
    }
    return true;
  }

  /** Returns {@code count} blocks taken by {@link #takeUnhashed} to the free queue's head. */
  public void returnUnhashed(int count) {
    if (count < 0 || count > unhashedCount) {
      throw new IllegalArgumentException(
          "cannot return " + count + " unhashed blocks; " + unhashedCount + " are held");
    }
    for (int i = 0; i < count; i++) {
      int b = unhashedHeld[--unhashedCount];
      refCount[b] = 0;
      if (prefixCaching) {
        prependFree(b);
      } else {
        appendFree(b);
      }
    }
  }

  /** Blocks held through {@link #takeUnhashed}. */
  public int unhashedHeld() {
    return unhashedCount;
  }

  // ---- A sequence's state ----

  /** Tokens {@code seq} reused from the cache when admitted. */
  public int cachedTokensOf(int seq) {
    checkLive(seq);
    return seqCachedTokens[seq];
  }

  public int blockCount(int seq) {
    checkLive(seq);
    return seqBlockCount[seq];
  }

  /** Tokens {@code seq}'s blocks can hold. */
  public int heldTokens(int seq) {
    return blockCount(seq) * blockSize;
  }

  /** Block id at position {@code i} of {@code seq}. */
  public int block(int seq, int i) {
    checkLive(seq);
    if (i < 0 || i >= seqBlockCount[seq]) {
      throw new IndexOutOfBoundsException("sequence " + seq + " has no block " + i);
    }
    return seqBlocks[seq][i];
  }

  public boolean isLive(int seq) {
    return seq >= 0 && seq < seqLive.length && seqLive[seq];
  }

  // ---- Pool state and counters ----

  public int totalBlocks() {
    return totalBlocks;
  }

  public int blockSize() {
    return blockSize;
  }

  public boolean prefixCaching() {
    return prefixCaching;
  }

  /** Blocks in the free queue, including free blocks still holding a cached hash. */
  public int freeBlocks() {
    return freeCount;
  }

  /** Blocks held by at least one sequence or taken by {@link #takeUnhashed}. */
  public int usedBlocks() {
    return totalBlocks - freeCount;
  }

  /** Free blocks that still hold a hash (reusable until evicted). */
  public int cachedFreeBlocks() {
    return cachedFree;
  }

  /** Hashes that would hit now, on used and free blocks. */
  public int cachedBlocks() {
    return cached.size();
  }

  /** Fraction of blocks held by sequences, as vLLM's {@code kv_cache_usage}. */
  public double usage() {
    return (double) usedBlocks() / totalBlocks;
  }

  public int liveSequences() {
    return liveSeqs;
  }

  public int refCount(int block) {
    return refCount[block];
  }

  /** Whether {@code block} is registered under a hash. */
  public boolean isHashed(int block) {
    return hashed[block];
  }

  /** The block cached under {@code hash}, or -1. */
  public int cachedBlock(long hash) {
    return cached.get(hash);
  }

  /** Admissions of new (not resumed) requests. */
  public long admissions() {
    return admissions;
  }

  /** New requests that reused at least one block. */
  public long hitAdmissions() {
    return hitAdmissions;
  }

  /** Tokens of new requests looked up in the cache (vLLM's prefix_cache_queries). */
  public long queriedTokens() {
    return queriedTokens;
  }

  /** Tokens of new requests served from the cache (vLLM's prefix_cache_hits): prefill saved. */
  public long hitTokens() {
    return hitTokens;
  }

  /** {@link #hitTokens} / {@link #queriedTokens}; 0 before any query. */
  public double hitRate() {
    return queriedTokens == 0 ? 0 : (double) hitTokens / queriedTokens;
  }

  public long resumedAdmissions() {
    return resumedAdmissions;
  }

  public long resumedQueriedTokens() {
    return resumedQueriedTokens;
  }

  public long resumedHitTokens() {
    return resumedHitTokens;
  }

  /** Hashes registered by {@link #commit}. */
  public long storedBlocks() {
    return storedBlocks;
  }

  /** Cached hashes dropped because their free block was reallocated. */
  public long evictedBlocks() {
    return evictedBlocks;
  }

  /**
   * Free block ids from the head (next to be allocated) to the tail, into {@code out}; returns how
   * many. For tests and diagnostics.
   */
  public int freeQueue(int[] out) {
    int n = 0;
    for (int b = queue.head(0); b != IdLists.NONE; b = queue.next(b)) {
      out[n++] = b;
    }
    return n;
  }

  /**
   * Checks the pool's KV-block conservation from scratch (BLIS's invariant, for a run's invariant
   * report): the free queue holds exactly the blocks nobody references, references add up to the
   * blocks sequences and {@link #takeUnhashed} hold, and the cache maps each hashed block's hash back
   * to it. Returns null when all hold, else what failed. O(blocks + blocks held).
   */
  public String conservationProblem() {
    int queued = 0;
    int cachedQueued = 0;
    for (int b = queue.head(0); b != IdLists.NONE; b = queue.next(b)) {
      if (refCount[b] != 0) {
        return "block " + b + " is in the free queue with " + refCount[b] + " references";
      }
      queued++;
      if (hashed[b]) {
        cachedQueued++;
      }
    }
    if (queued != freeCount) {
      return "the free queue holds " + queued + " blocks but " + freeCount + " are counted free";
    }
    if (cachedQueued != cachedFree) {
      return cachedQueued + " free blocks hold a hash but " + cachedFree + " are counted";
    }
    long references = 0;
    int unreferenced = 0;
    int hashedBlocks = 0;
    for (int b = 0; b < totalBlocks; b++) {
      references += refCount[b];
      if (refCount[b] == 0) {
        unreferenced++;
      }
      if (hashed[b]) {
        hashedBlocks++;
        if (cached.get(blockHash[b]) != b) {
          return "block " + b + " holds a hash the cache does not map to it";
        }
      }
    }
    if (unreferenced != freeCount) {
      return unreferenced + " blocks have no reference but " + freeCount + " are free";
    }
    if (hashedBlocks != cached.size()) {
      return hashedBlocks + " blocks hold a hash but the cache maps " + cached.size();
    }
    long held = unhashedCount;
    int sequences = 0;
    for (int seq = 0; seq < seqLive.length; seq++) {
      if (seqLive[seq]) {
        held += seqBlockCount[seq];
        sequences++;
      }
    }
    if (references != held) {
      return "blocks carry " + references + " references but sequences hold " + held;
    }
    if (sequences != liveSeqs) {
      return sequences + " sequences are live but " + liveSeqs + " are counted";
    }
    return null;
  }

  // ---- Internals ----

  private int hitBlocks(long[] hashes, int tokens) {
    if (!prefixCaching || hashes == null || tokens <= 1) {
      return 0;
    }
    return matchedBlocks(hashes, (tokens - 1) / blockSize);
  }

  private int matchedBlocks(long[] hashes, int limit) {
    int n = Math.min(hashes.length, limit);
    for (int i = 0; i < n; i++) {
      if (cached.get(hashes[i]) == BlockHashTable.ABSENT) {
        return i;
      }
    }
    return n;
  }

  /** Free blocks an admission would consume: fresh ones plus cached hits now in the free queue. */
  private int blocksToTake(long[] hashes, int hit, int holdTokens) {
    int take = Math.max(0, blocksFor(holdTokens) - hit);
    for (int i = 0; i < hit; i++) {
      if (refCount[cached.get(hashes[i])] == 0) {
        take++;
      }
    }
    return take;
  }

  private void touch(int b) {
    if (refCount[b] == 0) {
      unlinkFree(b);
      if (hashed[b]) {
        cachedFree--;
      }
    }
    refCount[b]++;
  }

  private int takeFree() {
    int b = queue.head(0);
    unlinkFree(b);
    if (hashed[b]) {
      cachedFree--;
      cached.remove(blockHash[b]);
      hashed[b] = false;
      evictedBlocks++;
      if (listener != null) {
        listener.evicted(blockHash[b]);
      }
    }
    refCount[b] = 1;
    return b;
  }

  private void appendFree(int b) {
    queue.append(0, b);
    freeCount++;
  }

  private void prependFree(int b) {
    queue.prepend(0, b);
    freeCount++;
  }

  private void unlinkFree(int b) {
    queue.unlink(0, b);
    freeCount--;
  }

  private int newSequence(int blocks) {
    if (freeSeqCount == 0) {
      growSequences(Math.max(16, seqLive.length * 2));
    }
    int seq = freeSeqs[--freeSeqCount];
    seqLive[seq] = true;
    seqBlockCount[seq] = 0;
    ensureBlockCapacity(seq, blocks);
    liveSeqs++;
    return seq;
  }

  private int[] ensureBlockCapacity(int seq, int blocks) {
    int[] current = seqBlocks[seq];
    if (current.length < blocks) {
      current = Arrays.copyOf(current, Math.max(blocks, current.length * 2));
      seqBlocks[seq] = current;
    }
    return current;
  }

  private void growSequences(int capacity) {
    int old = seqLive.length;
    seqBlocks = Arrays.copyOf(seqBlocks, capacity);
    for (int s = old; s < capacity; s++) {
      seqBlocks[s] = new int[8];
    }
    seqBlockCount = Arrays.copyOf(seqBlockCount, capacity);
    seqHashes = Arrays.copyOf(seqHashes, capacity);
    seqCommitted = Arrays.copyOf(seqCommitted, capacity);
    seqCachedTokens = Arrays.copyOf(seqCachedTokens, capacity);
    seqLive = Arrays.copyOf(seqLive, capacity);
    freeSeqs = Arrays.copyOf(freeSeqs, capacity);
    // Hand out low handles first so they stay compact.
    for (int s = capacity - 1; s >= old; s--) {
      freeSeqs[freeSeqCount++] = s;
    }
  }

  private void checkLive(int seq) {
    if (!isLive(seq)) {
      throw new IllegalStateException("sequence " + seq + " is not live");
    }
  }
}
