package dev.fabricplanner.sim.workload;

import java.util.Arrays;

/**
 * A prompt built from token segments (a system prompt, a question, an answer), hashed block by block
 * as it grows. Token p of segment s has identity {@code fmix(s + p)}; a block's content identity
 * folds its 16 token identities in order, so any two prompts that hold the same segments in the same
 * order share the same block hashes however the segments straddle block boundaries.
 */
final class TokenBlocks {
  private long[] hashes;
  private int blocks;
  private long previous = BlockHashes.ROOT;
  private long partialContent;
  private int partialTokens;
  private long tokens;

  TokenBlocks() {
    hashes = new long[8];
  }

  private TokenBlocks(TokenBlocks other) {
    hashes = Arrays.copyOf(other.hashes, Math.max(8, other.blocks + 8));
    blocks = other.blocks;
    previous = other.previous;
    partialContent = other.partialContent;
    partialTokens = other.partialTokens;
    tokens = other.tokens;
  }

  TokenBlocks copy() {
    return new TokenBlocks(this);
  }

  /** Appends {@code length} tokens of segment {@code segment}. */
  void append(long segment, int length) {
    for (int p = 0; p < length; p++) {
      partialContent = BlockHashes.mix(partialContent ^ BlockHashes.mix(segment + p));
      if (++partialTokens == BlockHashes.BLOCK_TOKENS) {
        previous = BlockHashes.chain(previous, partialContent);
        if (blocks == hashes.length) {
          hashes = Arrays.copyOf(hashes, blocks * 2);
        }
        hashes[blocks++] = previous;
        partialContent = 0;
        partialTokens = 0;
      }
    }
    tokens += length;
  }

  long tokens() {
    return tokens;
  }

  /** The hashes of the full blocks so far (a fresh array); {@code null} when there is none. */
  long[] hashes() {
    return blocks == 0 ? null : Arrays.copyOf(hashes, blocks);
  }
}
