package dev.fabricplanner.sim.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabricplanner.strategy.kv.PrefixIndex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random operation sequences run on {@link KvBlockPool} and on {@link ReferencePool} side by side;
 * after every operation the two must agree on every answer, the free queue's order, each block's
 * reference count, each request's blocks, the counters and the events. The events also feed a
 * {@link PrefixIndex}, which must hold exactly the pool's cached hashes.
 */
class KvBlockPoolModelTest {

  @Test
  void agreesWithTheReferenceOnRandomWorkloads() {
    Coverage coverage = new Coverage();
    for (long seed = 1; seed <= 80; seed++) {
      run(seed, 1000, coverage);
    }
    // The runs reached every path worth checking, not just the easy ones.
    assertThat(coverage.hits).isGreaterThan(1000);
    assertThat(coverage.evictions).isGreaterThan(1000);
    assertThat(coverage.refusedAdmissions).isGreaterThan(100);
    assertThat(coverage.refusedGrowths).isGreaterThan(100);
    assertThat(coverage.sharedBlocks).isGreaterThan(100);
  }

  private static final class Coverage {
    long hits;
    long evictions;
    long refusedAdmissions;
    long refusedGrowths;
    long sharedBlocks;
  }

  private static void run(long seed, int steps, Coverage coverage) {
    SplittableRandom random = new SplittableRandom(seed);
    int blockSize = new int[] {1, 4, 16}[random.nextInt(3)];
    int total = 4 + random.nextInt(60);
    boolean caching = seed % 5 != 0;
    List<String> events = new ArrayList<>();
    PrefixIndex index = new PrefixIndex(1);
    KvEventFeed feed = new KvEventFeed(index, 0);
    KvEventListener toIndex = feed.publisherFor(0);
    KvBlockPool pool = new KvBlockPool(total, blockSize, caching, new KvEventListener() {
      @Override
      public void stored(long blockHash, int position, long parentHash) {
        events.add("stored " + blockHash + " at " + position + (position > 0 ? " after " + parentHash : ""));
        toIndex.stored(blockHash, position, parentHash);
      }

      @Override
      public void evicted(long blockHash) {
        events.add("evicted " + blockHash);
        toIndex.evicted(blockHash);
      }
    });
    ReferencePool reference = new ReferencePool(total, blockSize, caching);

    long[][] groups = new long[4][];
    for (int g = 0; g < groups.length; g++) {
      groups[g] = Prompts.fresh(1000 + g, 1 + random.nextInt(6));
    }
    Map<Integer, Integer> seqOf = new HashMap<>();
    Map<Integer, long[]> hashesOf = new HashMap<>();
    Map<Integer, Integer> tokensOf = new HashMap<>();
    List<Integer> live = new ArrayList<>();
    List<Integer> finished = new ArrayList<>();
    Set<Long> seen = new LinkedHashSet<>();
    int nextId = 0;

    for (int step = 0; step < steps; step++) {
      int op = random.nextInt(11);
      if (op == 10) {
        // Generated tokens' blocks, taken and returned in bulk.
        if (random.nextBoolean() && pool.unhashedHeld() > 0) {
          int count = 1 + random.nextInt(pool.unhashedHeld());
          pool.returnUnhashed(count);
          reference.returnUnhashed(count);
        } else {
          int count = random.nextInt(4);
          boolean taken = pool.takeUnhashed(count);
          assertThat(taken).isEqualTo(reference.takeUnhashed(count));
          if (!taken) {
            coverage.refusedGrowths++;
          }
        }
      } else if (live.isEmpty() || op < 4) {
        boolean resumed = !finished.isEmpty() && random.nextInt(5) == 0;
        int id = resumed ? finished.remove(random.nextInt(finished.size())) : nextId++;
        long[] hashes;
        int tokens;
        if (resumed) {
          hashes = hashesOf.get(id);
          tokens = tokensOf.get(id) + random.nextInt(3 * blockSize);
        } else {
          hashes = prompt(random, groups, id);
          int blocks = hashes == null ? random.nextInt(5) : hashes.length;
          tokens = Math.max(1, blocks * blockSize + random.nextInt(blockSize + 1) - blockSize / 2);
          if (hashes != null) {
            for (long h : hashes) {
              seen.add(h);
            }
          }
        }
        int cachedTokens = pool.cachedTokens(hashes, tokens);
        assertThat(cachedTokens).isEqualTo(reference.hitBlocks(hashes, tokens) * blockSize);
        int hold = cachedTokens + 1 + random.nextInt(Math.max(1, tokens - cachedTokens));
        boolean fits = pool.canAdmit(hashes, tokens, hold);
        int seq = pool.admit(hashes, tokens, hold, resumed);
        assertThat(seq != KvBlockPool.NO_SPACE).isEqualTo(fits);
        assertThat(reference.admit(id, hashes, tokens, hold, resumed)).isEqualTo(fits);
        if (!fits) {
          coverage.refusedAdmissions++;
        } else if (cachedTokens > 0) {
          coverage.hits++;
        }
        if (fits) {
          assertThat(pool.cachedTokensOf(seq)).isEqualTo(cachedTokens);
          seqOf.put(id, seq);
          hashesOf.put(id, hashes);
          tokensOf.put(id, tokens);
          live.add(id);
        } else if (resumed) {
          finished.add(id);
        }
      } else {
        int id = live.get(random.nextInt(live.size()));
        int seq = seqOf.get(id);
        if (op < 6) {
          int tokens = pool.heldTokens(seq) + random.nextInt(3 * blockSize + 1);
          boolean grown = pool.grow(seq, tokens);
          assertThat(grown).isEqualTo(reference.grow(id, tokens));
          if (!grown) {
            coverage.refusedGrowths++;
          }
        } else if (op < 8) {
          int computed = random.nextInt(pool.heldTokens(seq) + 1);
          pool.commit(seq, computed);
          reference.commit(id, computed);
        } else {
          pool.free(seq);
          reference.free(id);
          live.remove(Integer.valueOf(id));
          seqOf.remove(id);
          finished.add(id);
        }
      }
      feed.advanceTo(step);
      assertSameState(pool, reference, seqOf, events);
      if (step % 10 == 0 || step == steps - 1) {
        assertThat(pool.conservationProblem()).isNull();
      }
      assertThat(index.entries()).isEqualTo(pool.cachedBlocks());
      for (int r : reference.ref) {
        if (r > 1) {
          coverage.sharedBlocks++;
        }
      }
      if (step % 100 == 99 || step == steps - 1) {
        assertThat(events).isEqualTo(reference.events);
        for (long h : seen) {
          assertThat(index.holds(0, h)).isEqualTo(pool.cachedBlock(h) >= 0);
        }
      }
    }
    coverage.evictions += pool.evictedBlocks();
  }

  /** A prompt that shares some of a group's prefix, or (one time in ten) no hashes at all. */
  private static long[] prompt(SplittableRandom random, long[][] groups, int id) {
    if (random.nextInt(10) == 0) {
      return null;
    }
    long[] group = groups[random.nextInt(groups.length)];
    int shared = random.nextInt(group.length + 1);
    return Prompts.extend(group, shared, id + 1, shared + random.nextInt(4));
  }

  private static void assertSameState(
      KvBlockPool pool, ReferencePool reference, Map<Integer, Integer> seqOf, List<String> events) {
    int[] queue = new int[pool.totalBlocks()];
    int n = pool.freeQueue(queue);
    assertThat(n).isEqualTo(pool.freeBlocks());
    List<Integer> actual = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      actual.add(queue[i]);
    }
    assertThat(actual).isEqualTo(reference.free);
    // Free unhashed blocks always come before free hashed ones, which makes them interchangeable.
    int firstHashed = n;
    for (int i = n - 1; i >= 0; i--) {
      if (pool.isHashed(queue[i])) {
        firstHashed = i;
      }
    }
    for (int i = firstHashed; i < n; i++) {
      assertThat(pool.isHashed(queue[i])).isTrue();
    }
    assertThat(pool.usedBlocks() + pool.freeBlocks()).isEqualTo(pool.totalBlocks());
    int[] refs = new int[pool.totalBlocks()];
    boolean[] hashed = new boolean[pool.totalBlocks()];
    boolean[] expectedHashed = new boolean[pool.totalBlocks()];
    long refSum = 0;
    int cachedFree = 0;
    for (int b = 0; b < pool.totalBlocks(); b++) {
      refs[b] = pool.refCount(b);
      hashed[b] = pool.isHashed(b);
      expectedHashed[b] = reference.hashOf[b] != null;
      refSum += refs[b];
      if (refs[b] == 0 && hashed[b]) {
        cachedFree++;
      }
    }
    assertThat(refs).isEqualTo(reference.ref);
    assertThat(hashed).isEqualTo(expectedHashed);
    long held = 0;
    for (Map.Entry<Integer, Integer> e : seqOf.entrySet()) {
      int seq = e.getValue();
      List<Integer> expected = reference.blocksOf.get(e.getKey());
      int[] blocks = new int[pool.blockCount(seq)];
      for (int i = 0; i < blocks.length; i++) {
        blocks[i] = pool.block(seq, i);
      }
      assertThat(blocks).isEqualTo(expected.stream().mapToInt(Integer::intValue).toArray());
      held += expected.size();
    }
    // Every reference to a block belongs to exactly one live sequence's list or the unhashed stack.
    assertThat(pool.unhashedHeld()).isEqualTo(reference.unhashed.size());
    assertThat(refSum).isEqualTo(held + reference.unhashed.size());
    assertThat(pool.liveSequences()).isEqualTo(seqOf.size());
    assertThat(pool.cachedFreeBlocks()).isEqualTo(cachedFree);
    assertThat(pool.cachedBlocks()).isEqualTo(reference.cache.size());
    for (Map.Entry<Long, Integer> e : reference.cache.entrySet()) {
      assertThat(pool.cachedBlock(e.getKey())).isEqualTo(e.getValue());
    }
    assertThat(pool.queriedTokens()).isEqualTo(reference.queried);
    assertThat(pool.hitTokens()).isEqualTo(reference.hits);
    assertThat(pool.evictedBlocks()).isEqualTo(reference.evictions);
    assertThat(events).hasSameSizeAs(reference.events);
  }
}
