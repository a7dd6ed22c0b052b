package dev.fabricplanner.sim.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * With room for every block ever computed, the pool's hit rate must equal the ideal worked out from
 * the stream alone: a prompt reuses exactly the blocks an earlier prompt computed, up to the
 * last-token rule.
 */
class PrefixHitRateTest {
  private static final int BS = 16;

  /** Groups × users, as inference-perf's shared_prefix data: a system prompt, then a unique question. */
  @Test
  void sharedSystemPromptsHitExactlyForEveryRepeatOfAGroup() {
    SplittableRandom random = new SplittableRandom(42);
    int groups = 8;
    int systemBlocks = 12;
    long[][] system = new long[groups][];
    for (int g = 0; g < groups; g++) {
      system[g] = Prompts.fresh(g, systemBlocks);
    }
    KvBlockPool pool = new KvBlockPool(1_000_000, BS, true);
    Set<Integer> seen = new HashSet<>();
    long tokens = 0;
    long ideal = 0;
    for (int r = 0; r < 2000; r++) {
      int g = random.nextInt(groups);
      int questionBlocks = 1 + random.nextInt(6);
      int promptTokens = (systemBlocks + questionBlocks) * BS + random.nextInt(BS);
      long[] prompt = Prompts.extend(system[g], systemBlocks, 10_000 + r, systemBlocks + questionBlocks);
      tokens += promptTokens;
      if (!seen.add(g)) {
        ideal += (long) systemBlocks * BS;
      }
      int seq = pool.admit(prompt, promptTokens, promptTokens, false);
      pool.commit(seq, promptTokens);
      // Half the requests stay live to the end: sharing must not depend on who finished.
      if (random.nextBoolean()) {
        pool.free(seq);
      }
    }
    assertThat(pool.queriedTokens()).isEqualTo(tokens);
    assertThat(pool.hitTokens()).isEqualTo(ideal);
    assertThat(pool.hitRate()).isCloseTo((double) ideal / tokens, within(1e-12));
    assertThat(pool.evictedBlocks()).isZero();
    assertThat(pool.hitAdmissions()).isEqualTo(2000 - groups);
  }

  /** Multi-turn chats: each turn's prompt is the previous prompt plus an answer and a new question. */
  @Test
  void eachTurnReusesThePreviousTurnsFullBlocks() {
    SplittableRandom random = new SplittableRandom(5);
    KvBlockPool pool = new KvBlockPool(1_000_000, BS, true);
    int chats = 50;
    long[][] last = new long[chats][];
    int[] lastTokens = new int[chats];
    long tokens = 0;
    long ideal = 0;
    for (int r = 0; r < 1500; r++) {
      int c = random.nextInt(chats);
      int added = 1 + random.nextInt(5 * BS);
      int promptTokens = lastTokens[c] + added;
      long[] prev = last[c] == null ? new long[0] : last[c];
      long[] prompt = Prompts.extend(prev, prev.length, 7_000 + r, promptTokens / BS);
      // Reuse: the previous turn's full blocks, capped so the last token is computed.
      ideal += (long) Math.min(prev.length, (promptTokens - 1) / BS) * BS;
      tokens += promptTokens;
      int seq = pool.admit(prompt, promptTokens, promptTokens, false);
      pool.commit(seq, promptTokens);
      pool.free(seq);
      last[c] = prompt;
      lastTokens[c] = promptTokens;
    }
    assertThat(pool.hitTokens()).isEqualTo(ideal);
    assertThat(pool.queriedTokens()).isEqualTo(tokens);
    assertThat(pool.hitRate()).isGreaterThan(0.5);
  }

  @Test
  void aSmallPoolHitsLessThanTheIdealButNeverMore() {
    SplittableRandom random = new SplittableRandom(42);
    long[][] system = new long[40][];
    for (int g = 0; g < system.length; g++) {
      system[g] = Prompts.fresh(g, 12);
    }
    KvBlockPool small = new KvBlockPool(120, BS, true);
    KvBlockPool large = new KvBlockPool(100_000, BS, true);
    for (int r = 0; r < 3000; r++) {
      long[] prompt = Prompts.extend(system[random.nextInt(system.length)], 12, 50_000 + r, 14);
      int promptTokens = 14 * BS + 3;
      for (KvBlockPool pool : new KvBlockPool[] {small, large}) {
        int seq = pool.admit(prompt, promptTokens, promptTokens, false);
        pool.commit(seq, promptTokens);
        pool.free(seq);
      }
    }
    assertThat(small.evictedBlocks()).isGreaterThan(0);
    assertThat(small.hitTokens()).isLessThan(large.hitTokens());
    assertThat(small.hitTokens()).isGreaterThan(0);
    assertThat(small.usedBlocks()).isZero();
    assertThat(small.cachedFreeBlocks()).isEqualTo(small.cachedBlocks());
  }
}
