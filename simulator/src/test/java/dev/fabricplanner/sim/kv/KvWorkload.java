package dev.fabricplanner.sim.kv;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A serving-shaped driver for one pool: up to {@code concurrency} requests at once, each prefilled
 * in chunks, then decoded one token per step with the pool grown on demand; a request that cannot
 * grow is preempted (freed) and readmitted later, as vLLM does. Prompts come pre-built (groups of
 * users sharing a system prompt), so a run allocates nothing once warm. Used by the benchmark and by
 * the no-allocation test.
 */
final class KvWorkload {
  final KvBlockPool pool;
  private final long[][] prompts;
  private final int[] promptTokens;
  private final int outputTokens;
  private final int chunk;
  private final int[] seq;
  private final int[] prompt;
  private final int[] done;
  private final boolean[] resumed;
  private int nextPrompt;
  long steps;
  long finished;
  long preemptions;
  long poolCalls;

  KvWorkload(KvBlockPool pool, int concurrency, int distinctPrompts, long seed) {
    this.pool = pool;
    SplittableRandom random = new SplittableRandom(seed);
    int bs = pool.blockSize();
    int groups = 16;
    long[][] system = new long[groups][];
    for (int g = 0; g < groups; g++) {
      system[g] = Prompts.fresh(g, 64);
    }
    prompts = new long[distinctPrompts][];
    promptTokens = new int[distinctPrompts];
    for (int p = 0; p < distinctPrompts; p++) {
      int tokens = 64 * bs + 200 + random.nextInt(3000);
      promptTokens[p] = tokens;
      prompts[p] = Prompts.extend(system[random.nextInt(groups)], 64, 1_000 + p, tokens / bs);
    }
    outputTokens = 200;
    chunk = 2048;
    seq = new int[concurrency];
    prompt = new int[concurrency];
    done = new int[concurrency];
    resumed = new boolean[concurrency];
    Arrays.fill(seq, KvBlockPool.NO_SPACE);
  }

  /** One engine step over every request slot. */
  void step() {
    for (int r = 0; r < seq.length; r++) {
      if (seq[r] == KvBlockPool.NO_SPACE) {
        admit(r);
        continue;
      }
      int total = promptTokens[prompt[r]];
      int target = done[r] < total ? Math.min(total, done[r] + chunk) : done[r] + 1;
      poolCalls++;
      if (!pool.grow(seq[r], target)) {
        poolCalls++;
        pool.free(seq[r]);
        seq[r] = KvBlockPool.NO_SPACE;
        resumed[r] = true;
        preemptions++;
        continue;
      }
      done[r] = target;
      if (done[r] <= total) {
        poolCalls++;
        pool.commit(seq[r], done[r]);
      }
      if (done[r] >= total + outputTokens) {
        poolCalls++;
        pool.free(seq[r]);
        seq[r] = KvBlockPool.NO_SPACE;
        finished++;
      }
    }
    steps++;
  }

  private void admit(int r) {
    if (!resumed[r]) {
      prompt[r] = nextPrompt;
      nextPrompt = (nextPrompt + 1) % prompts.length;
    }
    int p = prompt[r];
    int tokens = promptTokens[p];
    int cached = pool.cachedTokens(prompts[p], tokens);
    int target = Math.min(tokens, cached + chunk);
    poolCalls += 2;
    int s = pool.admit(prompts[p], tokens, target, resumed[r]);
    if (s == KvBlockPool.NO_SPACE) {
      return;
    }
    seq[r] = s;
    done[r] = target;
    resumed[r] = false;
    poolCalls++;
    pool.commit(s, target);
  }
}
