package dev.fabricplanner.sim.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabricplanner.strategy.kv.PrefixIndex;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KvEventFeedTest {
  private static final int BS = 16;

  @Test
  void theRouterSeesStoresAndEvictionsOnlyAfterTheDelay() {
    PrefixIndex index = new PrefixIndex(2);
    KvEventFeed feed = new KvEventFeed(index, 50);
    KvBlockPool pool = new KvBlockPool(4, BS, true, feed.publisherFor(1));
    long[] a = Prompts.fresh(1, 3);

    feed.advanceTo(10);
    int seq = pool.admit(a, 3 * BS + 1, 3 * BS + 1, false);
    pool.commit(seq, 3 * BS + 1);
    pool.free(seq);
    assertThat(feed.pending()).isEqualTo(3);
    feed.advanceTo(59.9);
    assertThat(index.matchedBlocks(a, 1)).isZero();
    feed.advanceTo(60);
    assertThat(index.matchedBlocks(a, 1)).isEqualTo(3);
    assertThat(index.matchedBlocks(a, 0)).isZero();

    // At 100 ms a request takes every block, evicting a's hashes; the router still believes them.
    feed.advanceTo(100);
    assertThat(pool.admit(null, 4 * BS, 4 * BS, false)).isNotEqualTo(KvBlockPool.NO_SPACE);
    assertThat(pool.cachedPrefixBlocks(a)).isZero();
    feed.advanceTo(149);
    assertThat(index.matchedBlocks(a, 1)).isEqualTo(3);
    feed.advanceTo(150);
    assertThat(index.matchedBlocks(a, 1)).isZero();
    assertThat(index.entries()).isZero();
    assertThat(feed.delivered()).isEqualTo(6);
    assertThatThrownBy(() -> feed.advanceTo(149)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KvEventFeed(index, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aNodeWithTwoEnginesHoldsAHashUntilBothEvictIt() {
    PrefixIndex index = new PrefixIndex(1);
    KvEventFeed feed = new KvEventFeed(index, 0);
    KvBlockPool slice0 = new KvBlockPool(3, BS, true, feed.publisherFor(0));
    KvBlockPool slice1 = new KvBlockPool(3, BS, true, feed.publisherFor(0));
    long[] a = Prompts.fresh(1, 2);
    for (KvBlockPool pool : new KvBlockPool[] {slice0, slice1}) {
      int seq = pool.admit(a, 2 * BS + 1, 2 * BS + 1, false);
      pool.commit(seq, 2 * BS + 1);
      pool.free(seq);
    }
    feed.advanceTo(1);
    assertThat(index.matchedBlocks(a, 0)).isEqualTo(2);
    // Slice 0 reuses all its blocks: its copies are evicted, slice 1 still holds both.
    assertThat(slice0.takeUnhashed(3)).isTrue();
    feed.advanceTo(2);
    assertThat(slice0.cachedPrefixBlocks(a)).isZero();
    assertThat(index.matchedBlocks(a, 0)).isEqualTo(2);
    assertThat(slice1.takeUnhashed(3)).isTrue();
    feed.advanceTo(3);
    assertThat(index.matchedBlocks(a, 0)).isZero();
    assertThat(index.entries()).isZero();
  }

  /** Several engines publish into one index through a queue that has to grow; replay equals content. */
  @Test
  void replayedEventsEqualEveryPoolsContent() {
    int nodes = 3;
    PrefixIndex index = new PrefixIndex(nodes);
    KvEventFeed feed = new KvEventFeed(index, 25);
    KvBlockPool[] pools = new KvBlockPool[nodes];
    for (int n = 0; n < nodes; n++) {
      pools[n] = new KvBlockPool(40, BS, true, feed.publisherFor(n));
    }
    SplittableRandom random = new SplittableRandom(7);
    long[] system = Prompts.fresh(99, 5);
    long[][] prompts = new long[400][];
    double now = 0;
    for (int r = 0; r < prompts.length; r++) {
      now += random.nextInt(3);
      feed.advanceTo(now);
      prompts[r] = Prompts.extend(system, random.nextInt(6), r, 5 + random.nextInt(6));
      KvBlockPool pool = pools[random.nextInt(nodes)];
      int tokens = prompts[r].length * BS + 1;
      int seq = pool.admit(prompts[r], tokens, tokens, false);
      if (seq != KvBlockPool.NO_SPACE) {
        pool.commit(seq, tokens);
        pool.free(seq);
      }
    }
    assertThat(feed.pending()).isGreaterThan(0);
    long published = feed.delivered() + feed.pending();
    assertThat(published).isGreaterThan(256);
    feed.advanceTo(now + 25);
    assertThat(feed.pending()).isZero();
    int held = 0;
    for (int n = 0; n < nodes; n++) {
      held += pools[n].cachedBlocks();
      assertThat(index.blocksOn(n)).isEqualTo(pools[n].cachedBlocks());
      for (long[] prompt : prompts) {
        assertThat(index.matchedBlocks(prompt, n)).isEqualTo(pools[n].cachedPrefixBlocks(prompt));
      }
    }
    assertThat(index.entries()).isEqualTo(held);
    assertThat(held).isGreaterThan(0);
  }
}
