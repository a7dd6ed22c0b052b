package dev.fabricplanner.sim.trace;

import dev.fabricplanner.sim.workload.BlockHashes;
import dev.fabricplanner.sim.workload.RequestSource;

/**
 * How much of a workload's prompts an ideal prefix cache would hold: one cache of unbounded size
 * shared by every server, which keeps every full 16-token block it has seen. A request's leading
 * blocks whose chained hashes were seen before are hits; the ideal hit rate is the hit tokens over
 * all prompt tokens. As in an engine (vLLM's and ours), a prompt's last token is always computed, so a
 * prompt of n tokens can hit at most (n - 1) / 16 blocks: the ideal is the same statistic as the
 * engines' {@code prefix_cache.hit_rate}. No router can beat it, since a real cache is finite and split
 * across servers.
 *
 * @param requests requests read
 * @param promptTokens their prompt tokens
 * @param hitTokens prompt tokens in leading blocks already seen (16 per hit block), at most all but the
 *     last token
 * @param distinctBlocks different blocks seen (the ideal cache's final size in blocks)
 * @param firstArrivalMs the first request's arrival (0 when there is none)
 * @param lastArrivalMs the last request's arrival
 */
public record TracePrefixStats(
    long requests,
    long promptTokens,
    long hitTokens,
    long distinctBlocks,
    double firstArrivalMs,
    double lastArrivalMs) {

  /** Hit tokens over prompt tokens; 0 for an empty workload. */
  public double idealHitRate() {
    return promptTokens == 0 ? 0 : (double) hitTokens / promptTokens;
  }

  /** Reads {@code source} to its end (it is used up) and measures its prompts' reuse. */
  public static TracePrefixStats of(RequestSource source) {
    BlockSet seen = new BlockSet();
    long requests = 0;
    long promptTokens = 0;
    long hitBlocks = 0;
    double first = 0;
    double last = 0;
    while (source.nextArrivalMs() != Double.POSITIVE_INFINITY) {
      source.generate();
      if (requests++ == 0) {
        first = source.arrivalMs();
      }
      last = source.arrivalMs();
      promptTokens += source.inputTokens();
      long[] hashes = source.promptBlockHashes();
      if (hashes == null) {
        continue;
      }
      int hitLimit = (source.inputTokens() - 1) / BlockHashes.BLOCK_TOKENS;
      int hits = 0;
      boolean leading = true;
      for (long hash : hashes) {
        // Chained hashes: once a block is new, every later block of this prompt is new too.
        boolean added = seen.add(hash);
        if (leading && !added) {
          hits++;
        } else {
          leading = false;
        }
      }
      hitBlocks += Math.min(hits, hitLimit);
    }
    return new TracePrefixStats(
        requests,
        promptTokens,
        hitBlocks * BlockHashes.BLOCK_TOKENS,
        seen.size(),
        first,
        last);
  }
}
