package dev.fabricplanner.sim.kv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KvCacheStatsTest {
  private static final int BS = 16;

  @Test
  void sumsServersAndSeparatesResumedRequests() {
    KvBlockPool first = new KvBlockPool(32, BS, true);
    KvBlockPool second = new KvBlockPool(32, BS, true);
    long[] a = Prompts.fresh(1, 3);
    for (KvBlockPool pool : new KvBlockPool[] {first, first, second}) {
      int seq = pool.admit(a, 3 * BS + 1, 3 * BS + 1, false);
      pool.commit(seq, 3 * BS + 1);
      pool.free(seq);
    }
    int resumed = second.admit(a, 3 * BS + 9, 3 * BS + 9, true);
    second.free(resumed);

    KvCacheStats total = KvCacheStats.NONE.plus(KvCacheStats.of(first)).plus(KvCacheStats.of(second));
    assertThat(total.admissions()).isEqualTo(3);
    assertThat(total.hitAdmissions()).isEqualTo(1);
    assertThat(total.queriedTokens()).isEqualTo(3 * (3 * BS + 1));
    assertThat(total.hitTokens()).isEqualTo(3 * BS);
    assertThat(total.hitRate()).isEqualTo((3.0 * BS) / (3 * (3 * BS + 1)));
    assertThat(total.resumedAdmissions()).isEqualTo(1);
    assertThat(total.resumedHitTokens()).isEqualTo(3 * BS);
    assertThat(total.prefillTokensSaved()).isEqualTo(6 * BS);
    assertThat(total.storedBlocks()).isEqualTo(6);
    assertThat(total.evictedBlocks()).isZero();
    assertThat(KvCacheStats.NONE.hitRate()).isZero();
  }
}
