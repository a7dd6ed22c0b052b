package dev.fabricplanner.sim.kv;

/**
 * A block pool's prefix-cache counters at one moment, summable across servers for a run's
 * {@code prefix_cache} figures. Token counts follow vLLM's {@code PrefixCacheStats}: queried tokens are
 * the prompts (plus earlier output, for a resumed request) looked up at admission, hit tokens those
 * served from the cache; resumed (preempted) requests are counted apart.
 */
public record KvCacheStats(
    long admissions,
    long hitAdmissions,
    long queriedTokens,
    long hitTokens,
    long resumedAdmissions,
    long resumedQueriedTokens,
    long resumedHitTokens,
    long storedBlocks,
    long evictedBlocks) {

  public static final KvCacheStats NONE = new KvCacheStats(0, 0, 0, 0, 0, 0, 0, 0, 0);

  public static KvCacheStats of(KvBlockPool pool) {
    return new KvCacheStats(
        pool.admissions(),
        pool.hitAdmissions(),
        pool.queriedTokens(),
        pool.hitTokens(),
        pool.resumedAdmissions(),
        pool.resumedQueriedTokens(),
        pool.resumedHitTokens(),
        pool.storedBlocks(),
        pool.evictedBlocks());
  }

  public KvCacheStats plus(KvCacheStats o) {
    return new KvCacheStats(
        admissions + o.admissions,
        hitAdmissions + o.hitAdmissions,
        queriedTokens + o.queriedTokens,
        hitTokens + o.hitTokens,
        resumedAdmissions + o.resumedAdmissions,
        resumedQueriedTokens + o.resumedQueriedTokens,
        resumedHitTokens + o.resumedHitTokens,
        storedBlocks + o.storedBlocks,
        evictedBlocks + o.evictedBlocks);
  }

  /** Hit tokens over queried tokens of new requests (vLLM's prefix cache hit rate); 0 with no query. */
  public double hitRate() {
    return queriedTokens == 0 ? 0 : (double) hitTokens / queriedTokens;
  }

  /** Prompt tokens not computed because they were cached, new and resumed requests together. */
  public long prefillTokensSaved() {
    return hitTokens + resumedHitTokens;
  }
}
