package dev.fabricplanner.sim.kv;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The block pool's rules written the plain way, with lists and maps and linear scans, to check
 * {@link KvBlockPool}'s linked lists, hash table and counters against. Requests are keyed by the
 * caller's own numbers.
 */
final class ReferencePool {
  final int total;
  final int blockSize;
  final boolean caching;
  /** Free blocks, index 0 allocated next. */
  final List<Integer> free = new ArrayList<>();
  final Map<Long, Integer> cache = new HashMap<>();
  final Long[] hashOf;
  final int[] ref;
  final Map<Integer, List<Integer>> blocksOf = new HashMap<>();
  final Map<Integer, long[]> hashesOf = new HashMap<>();
  final Map<Integer, Integer> committedOf = new HashMap<>();
  final List<String> events = new ArrayList<>();
  /** Blocks taken in bulk for generated tokens, last taken on top. */
  final List<Integer> unhashed = new ArrayList<>();
  long queried;
  long hits;
  long evictions;

  ReferencePool(int total, int blockSize, boolean caching) {
    this.total = total;
    this.blockSize = blockSize;
    this.caching = caching;
    hashOf = new Long[total];
    ref = new int[total];
    for (int b = 0; b < total; b++) {
      free.add(b);
    }
  }

  int hitBlocks(long[] hashes, int tokens) {
    if (!caching || hashes == null) {
      return 0;
    }
    int limit = Math.min(hashes.length, Math.max(0, tokens - 1) / blockSize);
    int n = 0;
    while (n < limit && cache.containsKey(hashes[n])) {
      n++;
    }
    return n;
  }

  /** False, with nothing changed, when it does not fit. */
  boolean admit(int id, long[] hashes, int tokens, int holdTokens, boolean resumed) {
    int hit = hitBlocks(hashes, tokens);
    int hold = Math.max(hit, ceil(holdTokens));
    int take = hold - hit;
    for (int i = 0; i < hit; i++) {
      if (ref[cache.get(hashes[i])] == 0) {
        take++;
      }
    }
    if (take > free.size()) {
      return false;
    }
    List<Integer> blocks = new ArrayList<>();
    for (int i = 0; i < hit; i++) {
      int b = cache.get(hashes[i]);
      if (ref[b] == 0) {
        free.remove(Integer.valueOf(b));
      }
      ref[b]++;
      blocks.add(b);
    }
    while (blocks.size() < hold) {
      blocks.add(allocate());
    }
    blocksOf.put(id, blocks);
    hashesOf.put(id, caching ? hashes : null);
    committedOf.put(id, hit);
    if (!resumed) {
      queried += tokens;
      hits += (long) hit * blockSize;
    }
    return true;
  }

  boolean grow(int id, int tokens) {
    List<Integer> blocks = blocksOf.get(id);
    int need = ceil(tokens) - blocks.size();
    if (need > free.size()) {
      return false;
    }
    for (int i = 0; i < need; i++) {
      blocks.add(allocate());
    }
    return true;
  }

  void commit(int id, int computed) {
    long[] hashes = hashesOf.get(id);
    if (hashes == null) {
      return;
    }
    List<Integer> blocks = blocksOf.get(id);
    int full = Math.min(Math.min(computed / blockSize, hashes.length), blocks.size());
    for (int i = committedOf.get(id); i < full; i++) {
      if (!cache.containsKey(hashes[i])) {
        cache.put(hashes[i], blocks.get(i));
        hashOf[blocks.get(i)] = hashes[i];
        events.add("stored " + hashes[i] + " at " + i + (i > 0 ? " after " + hashes[i - 1] : ""));
      }
    }
    committedOf.put(id, Math.max(committedOf.get(id), full));
  }

  void free(int id) {
    List<Integer> blocks = blocksOf.remove(id);
    hashesOf.remove(id);
    committedOf.remove(id);
    List<Integer> fresh = new ArrayList<>();
    for (int i = blocks.size() - 1; i >= 0; i--) {
      int b = blocks.get(i);
      ref[b]--;
      if (ref[b] == 0) {
        if (hashOf[b] != null || !caching) {
          free.add(b);
        } else {
          fresh.add(b);
        }
      }
    }
    free.addAll(0, fresh);
  }

  boolean takeUnhashed(int count) {
    if (count > free.size()) {
      return false;
    }
    for (int i = 0; i < count; i++) {
      unhashed.add(allocate());
    }
    return true;
  }

  void returnUnhashed(int count) {
    for (int i = 0; i < count; i++) {
      int b = unhashed.remove(unhashed.size() - 1);
      ref[b] = 0;
      if (caching) {
        free.add(0, b);
      } else {
        free.add(b);
      }
    }
  }

  private int allocate() {
    int b = free.remove(0);
    if (hashOf[b] != null) {
      cache.remove(hashOf[b]);
      events.add("evicted " + hashOf[b]);
      hashOf[b] = null;
      evictions++;
    }
    ref[b] = 1;
    return b;
  }

  private int ceil(int tokens) {
    return (tokens + blockSize - 1) / blockSize;
  }
}
