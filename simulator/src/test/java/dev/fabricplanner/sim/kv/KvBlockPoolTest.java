package dev.fabricplanner.sim.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class KvBlockPoolTest {
  private static final int BS = 16;

  /** Admits a request of {@code tokens} tokens, holds them all, and marks them computed. */
  private static int serve(KvBlockPool pool, long[] hashes, int tokens) {
    int seq = pool.admit(hashes, tokens, tokens, false);
    assertThat(seq).isNotEqualTo(KvBlockPool.NO_SPACE);
    pool.commit(seq, tokens);
    return seq;
  }

  private static int[] freeQueue(KvBlockPool pool) {
    int[] out = new int[pool.totalBlocks()];
    return Arrays.copyOf(out, pool.freeQueue(out));
  }

  @Test
  void aFreshPoolHandsOutBlocksInIdOrderAndConservesThem() {
    KvBlockPool pool = new KvBlockPool(8, BS, true);
    assertThat(freeQueue(pool)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    int seq = pool.admit(null, 40, 40, false);
    assertThat(pool.blockCount(seq)).isEqualTo(3);
    assertThat(pool.block(seq, 0)).isEqualTo(0);
    assertThat(pool.block(seq, 2)).isEqualTo(2);
    assertThat(pool.usedBlocks() + pool.freeBlocks()).isEqualTo(8);
    assertThat(pool.usedBlocks()).isEqualTo(3);
    assertThat(pool.heldTokens(seq)).isEqualTo(48);
  }

  @Test
  void aSharedPrefixIsHeldOnceAndCountedByReference() {
    KvBlockPool pool = new KvBlockPool(32, BS, true);
    long[] system = Prompts.fresh(1, 4);
    long[] a = Prompts.extend(system, 4, 10, 6);
    long[] b = Prompts.extend(system, 4, 20, 6);
    int first = serve(pool, a, 6 * BS + 5);
    int second = serve(pool, b, 6 * BS + 5);

    assertThat(pool.cachedTokensOf(first)).isZero();
    assertThat(pool.cachedTokensOf(second)).isEqualTo(4 * BS);
    // 7 blocks each, the 4 shared held once.
    assertThat(pool.usedBlocks()).isEqualTo(7 + 3);
    for (int i = 0; i < 4; i++) {
      assertThat(pool.block(second, i)).isEqualTo(pool.block(first, i));
      assertThat(pool.refCount(pool.block(first, i))).isEqualTo(2);
    }
    assertThat(pool.refCount(pool.block(second, 4))).isEqualTo(1);

    int shared = pool.block(first, 0);
    pool.free(first);
    assertThat(pool.refCount(shared)).isEqualTo(1);
    assertThat(freeQueue(pool)).doesNotContain(shared);
    assertThat(pool.usedBlocks()).isEqualTo(7);
    pool.free(second);
    assertThat(pool.refCount(shared)).isZero();
    assertThat(freeQueue(pool)).contains(shared);
    assertThat(pool.usedBlocks()).isZero();
    assertThat(pool.cachedFreeBlocks()).isEqualTo(4 + 2 + 2);
  }

  @Test
  void aFullyCachedPromptStillComputesItsLastToken() {
    KvBlockPool pool = new KvBlockPool(32, BS, true);
    long[] two = Prompts.fresh(3, 2);
    pool.free(serve(pool, two, 2 * BS));
    // 32 tokens, both blocks cached: vLLM caps the hit at 31 tokens, so one whole block.
    assertThat(pool.cachedPrefixBlocks(two)).isEqualTo(2);
    assertThat(pool.cachedTokens(two, 2 * BS)).isEqualTo(BS);
    // One token more and both blocks count.
    assertThat(pool.cachedTokens(two, 2 * BS + 1)).isEqualTo(2 * BS);
    assertThat(pool.cachedTokens(two, 1)).isZero();
    int seq = pool.admit(two, 2 * BS, 2 * BS, false);
    assertThat(pool.cachedTokensOf(seq)).isEqualTo(BS);
    assertThat(pool.queriedTokens()).isEqualTo(4 * BS);
    assertThat(pool.hitTokens()).isEqualTo(BS);
  }

  @Test
  void freedCachedBlocksAreEvictedLeastRecentlyFreedFirstTailBeforeHead() {
    KvBlockPool pool = new KvBlockPool(6, BS, true);
    long[] a = Prompts.fresh(1, 3);
    long[] b = Prompts.fresh(2, 3);
    int seqA = serve(pool, a, 3 * BS);
    int seqB = serve(pool, b, 3 * BS);
    pool.free(seqA);
    pool.free(seqB);
    List<Long> evicted = new ArrayList<>();
    KvBlockPool observed = new KvBlockPool(6, BS, true, new KvEventListener() {
      @Override
      public void stored(long blockHash, int position, long parentHash) {}

      @Override
      public void evicted(long blockHash) {
        evicted.add(blockHash);
      }
    });
    observed.free(serve(observed, a, 3 * BS));
    observed.free(serve(observed, b, 3 * BS));
    // Same history on both pools; take blocks one at a time and watch which hash goes.
    for (int i = 0; i < 6; i++) {
      assertThat(observed.admit(null, 1, 1, false)).isNotEqualTo(KvBlockPool.NO_SPACE);
    }
    assertThat(evicted).containsExactly(a[2], a[1], a[0], b[2], b[1], b[0]);
    assertThat(observed.evictedBlocks()).isEqualTo(6);
    assertThat(observed.cachedBlocks()).isZero();
    // The first pool's queue holds the same order: a's tail first.
    assertThat(freeQueue(pool)).containsExactly(
        pool.cachedBlock(a[2]), pool.cachedBlock(a[1]), pool.cachedBlock(a[0]),
        pool.cachedBlock(b[2]), pool.cachedBlock(b[1]), pool.cachedBlock(b[0]));
  }

  @Test
  void aHitRenewsABlocksPlaceInTheEvictionOrder() {
    KvBlockPool pool = new KvBlockPool(6, BS, true);
    long[] a = Prompts.fresh(1, 2);
    long[] b = Prompts.fresh(2, 2);
    // Each request holds 3 blocks: 2 hashed, then one with the 33rd token, never hashed.
    pool.free(serve(pool, a, 2 * BS + 1));
    pool.free(serve(pool, b, 2 * BS + 1));
    // Reusing a's blocks moves them behind b's.
    pool.free(serve(pool, a, 2 * BS + 1));
    int[] queue = freeQueue(pool);
    assertThat(Arrays.copyOfRange(queue, 2, 6)).containsExactly(
        pool.cachedBlock(b[1]), pool.cachedBlock(b[0]), pool.cachedBlock(a[1]), pool.cachedBlock(a[0]));
    assertThat(pool.isHashed(queue[0])).isFalse();
    assertThat(pool.isHashed(queue[1])).isFalse();
  }

  @Test
  void unhashedFreedBlocksAreReusedBeforeCachedOnes() {
    KvBlockPool pool = new KvBlockPool(6, BS, true);
    long[] a = Prompts.fresh(1, 2);
    pool.free(serve(pool, a, 2 * BS));
    int anonymous = pool.admit(null, 2 * BS, 2 * BS, false);
    int first = pool.block(anonymous, 0);
    int second = pool.block(anonymous, 1);
    pool.free(anonymous);
    // Last block first at the head, then the other, then the cached ones behind.
    int[] queue = freeQueue(pool);
    assertThat(queue[0]).isEqualTo(second);
    assertThat(queue[1]).isEqualTo(first);
    assertThat(pool.cachedBlocks()).isEqualTo(2);
  }

  @Test
  void withoutPrefixCachingNothingIsCachedAndFreedBlocksGoToTheTail() {
    KvBlockPool pool = new KvBlockPool(4, BS, false);
    long[] a = Prompts.fresh(1, 2);
    int seq = serve(pool, a, 2 * BS + 1);
    assertThat(pool.cachedBlocks()).isZero();
    assertThat(pool.cachedPrefixBlocks(a)).isZero();
    assertThat(new int[] {pool.block(seq, 0), pool.block(seq, 1), pool.block(seq, 2)})
        .containsExactly(0, 1, 2);
    pool.free(seq);
    // Appended last block first, behind the never-used block 3.
    assertThat(freeQueue(pool)).containsExactly(3, 2, 1, 0);
    assertThat(pool.cachedFreeBlocks()).isZero();
  }

  @Test
  void growthThatDoesNotFitChangesNothing() {
    KvBlockPool pool = new KvBlockPool(6, BS, true);
    long[] a = Prompts.fresh(1, 2);
    pool.free(serve(pool, a, 2 * BS));
    int seq = pool.admit(null, 10, 10, false);
    int[] queueBefore = freeQueue(pool);
    int cachedBefore = pool.cachedBlocks();
    // 5 free; asking for 6 more fails whole.
    assertThat(pool.grow(seq, 7 * BS)).isFalse();
    assertThat(freeQueue(pool)).containsExactly(queueBefore);
    assertThat(pool.blockCount(seq)).isEqualTo(1);
    assertThat(pool.cachedBlocks()).isEqualTo(cachedBefore);
    assertThat(pool.evictedBlocks()).isZero();
    // Exactly 5 more fits, evicting both cached blocks.
    assertThat(pool.grow(seq, 6 * BS)).isTrue();
    assertThat(pool.freeBlocks()).isZero();
    assertThat(pool.evictedBlocks()).isEqualTo(2);
    assertThat(pool.grow(seq, 6 * BS - 3)).isTrue();
    assertThat(pool.blockCount(seq)).isEqualTo(6);
  }

  @Test
  void anAdmissionCountsCachedHitsInTheFreeQueueAsBlocksItTakes() {
    KvBlockPool pool = new KvBlockPool(4, BS, true);
    long[] a = Prompts.fresh(1, 3);
    pool.free(serve(pool, a, 3 * BS + 1));
    // All 4 blocks free, 3 of them cached for a. Re-admitting a for 5 blocks needs 3 hits + 2 fresh.
    assertThat(pool.canAdmit(a, 3 * BS + 1, 5 * BS)).isFalse();
    int[] before = freeQueue(pool);
    assertThat(pool.admit(a, 3 * BS + 1, 5 * BS, false)).isEqualTo(KvBlockPool.NO_SPACE);
    assertThat(freeQueue(pool)).containsExactly(before);
    assertThat(pool.admissions()).isEqualTo(1);
    assertThat(pool.liveSequences()).isZero();
    assertThat(pool.canAdmit(a, 3 * BS + 1, 4 * BS)).isTrue();
    int seq = pool.admit(a, 3 * BS + 1, 4 * BS, false);
    assertThat(pool.cachedTokensOf(seq)).isEqualTo(3 * BS);
    assertThat(pool.freeBlocks()).isZero();
    assertThat(pool.evictedBlocks()).isZero();
  }

  @Test
  void theFirstBlockRegisteredUnderAHashKeepsIt() {
    List<String> events = new ArrayList<>();
    KvBlockPool pool = new KvBlockPool(8, BS, true, new KvEventListener() {
      @Override
      public void stored(long blockHash, int position, long parentHash) {
        events.add("stored " + position);
      }

      @Override
      public void evicted(long blockHash) {
        events.add("evicted");
      }
    });
    long[] a = Prompts.fresh(1, 2);
    // Two identical prompts admitted before either computed anything: both miss.
    int first = pool.admit(a, 2 * BS + 1, 2 * BS + 1, false);
    int second = pool.admit(a, 2 * BS + 1, 2 * BS + 1, false);
    pool.commit(first, BS);
    pool.commit(second, 2 * BS + 1);
    assertThat(pool.cachedBlock(a[0])).isEqualTo(pool.block(first, 0));
    assertThat(pool.cachedBlock(a[1])).isEqualTo(pool.block(second, 1));
    assertThat(pool.isHashed(pool.block(second, 0))).isFalse();
    pool.commit(first, 2 * BS + 1);
    assertThat(pool.cachedBlock(a[1])).isEqualTo(pool.block(second, 1));
    assertThat(events).containsExactly("stored 0", "stored 1");
    assertThat(pool.storedBlocks()).isEqualTo(2);
  }

  @Test
  void commitRegistersOnlyFullBlocksTheRequestCarriesHashesFor() {
    KvBlockPool pool = new KvBlockPool(8, BS, true);
    long[] a = Prompts.fresh(1, 2);
    int seq = pool.admit(a, 3 * BS, 3 * BS, false);
    pool.commit(seq, BS - 1);
    assertThat(pool.cachedBlocks()).isZero();
    pool.commit(seq, BS);
    assertThat(pool.cachedBlocks()).isEqualTo(1);
    // Output tokens fill the third block, but the request has no hash for it.
    pool.commit(seq, 3 * BS);
    assertThat(pool.cachedBlocks()).isEqualTo(2);
    assertThat(pool.isHashed(pool.block(seq, 2))).isFalse();
  }

  @Test
  void aResumedRequestReusesItsOwnBlocksAndIsCountedApart() {
    KvBlockPool pool = new KvBlockPool(16, BS, true);
    long[] a = Prompts.fresh(1, 4);
    int seq = serve(pool, a, 4 * BS + 8);
    pool.free(seq);
    int again = pool.admit(a, 4 * BS + 20, 4 * BS + 20, true);
    assertThat(pool.cachedTokensOf(again)).isEqualTo(4 * BS);
    assertThat(pool.admissions()).isEqualTo(1);
    assertThat(pool.resumedAdmissions()).isEqualTo(1);
    assertThat(pool.resumedQueriedTokens()).isEqualTo(4 * BS + 20);
    assertThat(pool.resumedHitTokens()).isEqualTo(4 * BS);
    assertThat(pool.hitTokens()).isZero();
  }

  @Test
  void unhashedBlocksTakenInBulkEvictLikeGrowthAndReturnToTheHead() {
    KvBlockPool pool = new KvBlockPool(6, BS, true);
    long[] a = Prompts.fresh(1, 2);
    pool.free(serve(pool, a, 2 * BS));
    // 4 never-used blocks at the head, then a's two cached blocks (tail first).
    assertThat(pool.takeUnhashed(7)).isFalse();
    assertThat(pool.unhashedHeld()).isZero();
    assertThat(pool.takeUnhashed(5)).isTrue();
    assertThat(pool.evictedBlocks()).isEqualTo(1);
    assertThat(pool.cachedPrefixBlocks(a)).isEqualTo(1);
    assertThat(pool.usedBlocks()).isEqualTo(5);
    pool.returnUnhashed(2);
    assertThat(pool.unhashedHeld()).isEqualTo(3);
    int[] queue = freeQueue(pool);
    assertThat(queue).hasSize(3);
    assertThat(pool.isHashed(queue[0])).isFalse();
    assertThat(pool.isHashed(queue[1])).isFalse();
    assertThat(queue[2]).isEqualTo(pool.cachedBlock(a[0]));
    assertThatThrownBy(() -> pool.returnUnhashed(4)).isInstanceOf(IllegalArgumentException.class);
  }

  /** The conservation check finds a lost reference; it is computed from scratch, not from counters. */
  @Test
  void theConservationCheckCatchesABrokenReferenceCount() throws ReflectiveOperationException {
    KvBlockPool pool = new KvBlockPool(8, BS, true);
    long[] a = Prompts.fresh(1, 2);
    int seq = serve(pool, a, 2 * BS + 1);
    assertThat(pool.conservationProblem()).isNull();
    Field refCount = KvBlockPool.class.getDeclaredField("refCount");
    refCount.setAccessible(true);
    ((int[]) refCount.get(pool))[pool.block(seq, 0)]++;
    assertThat(pool.conservationProblem()).isEqualTo("blocks carry 4 references but sequences hold 3");
    ((int[]) refCount.get(pool))[pool.block(seq, 0)]--;
    ((int[]) refCount.get(pool))[7]++;
    assertThat(pool.conservationProblem()).isEqualTo("block 7 is in the free queue with 1 references");
  }

  @Test
  void handlesAreRecycledAndStaleOnesRefused() {
    KvBlockPool pool = new KvBlockPool(8, BS, true);
    int seq = pool.admit(null, 5, 5, false);
    pool.free(seq);
    assertThat(pool.isLive(seq)).isFalse();
    assertThatThrownBy(() -> pool.free(seq)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> pool.grow(seq, 40)).isInstanceOf(IllegalStateException.class);
    assertThat(pool.admit(null, 5, 5, false)).isEqualTo(seq);
    assertThatThrownBy(() -> new KvBlockPool(0, BS, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("totalBlocks");
  }
}
