package dev.fabricplanner.sim.workload;

/**
 * Chained 64-bit hashes of a prompt's full 16-token blocks, the identity a prefix cache keys on.
 * Block i's hash is {@code h(i) = fmix(rotl(h(i-1), 23) ^ fmix(c(i) ^ SALT))} with {@code h(-1) =}
 * {@link #ROOT}, where {@code c(i)} is the block's content identity and {@code fmix} is SplitMix64's
 * finaliser (a bijection of 64 bits with full avalanche). Chaining makes a block's hash depend on
 * every token before it, as vLLM's and SGLang's block hashes do, so two prompts share their first k
 * hashes exactly when they share their first k blocks (up to 64-bit collisions, about 2^-64 a pair).
 * A trailing partial block has no hash: engines cache only full blocks.
 */
public final class BlockHashes {
  /** Tokens in one engine block (vLLM's default block size). */
  public static final int BLOCK_TOKENS = 16;

  /** The hash before the first block. */
  public static final long ROOT = 0x5DEECE66DL * 0x9E3779B97F4A7C15L;

  private static final long SALT = 0xC2B2AE3D27D4EB4FL;

  private BlockHashes() {}

  /** The hash of a block whose content identity is {@code content}, following {@code previous}. */
  public static long chain(long previous, long content) {
    return mix(Long.rotateLeft(previous, 23) ^ mix(content ^ SALT));
  }

  /**
   * The chained 16-token block hashes of a prompt described by trace block ids ({@code hash_ids}),
   * each id covering {@code idTokens} tokens (a multiple of 16): id x yields {@code idTokens / 16}
   * blocks whose contents are {@code x * (idTokens / 16) + j}. Only full 16-token blocks inside
   * {@code inputTokens} get a hash; {@code null} when there is none.
   */
  public static long[] fromBlockIds(long[] ids, int idTokens, int inputTokens) {
    if (ids == null || ids.length == 0) {
      return null;
    }
    int perId = idTokens / BLOCK_TOKENS;
    long covered = (long) ids.length * perId;
    int blocks = (int) Math.min(covered, inputTokens / BLOCK_TOKENS);
    if (blocks <= 0) {
      return null;
    }
    long[] hashes = new long[blocks];
    long previous = ROOT;
    for (int b = 0; b < blocks; b++) {
      int id = b / perId;
      previous = chain(previous, ids[id] * perId + (b - (long) id * perId));
      hashes[b] = previous;
    }
    return hashes;
  }

  /** SplitMix64's finaliser. */
  public static long mix(long z) {
    return RandomStreams.mix(z);
  }
}
