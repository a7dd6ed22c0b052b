package dev.fabricplanner.strategy;

/**
 * Read-only view of a prompt's chained KV-block hashes (block i's hash covers tokens 0..(i+1)*blockSize,
 * so equal hashes at position i mean an equal prefix up to that block). The array is shared with the
 * engine, not copied per request, so this view exposes no way to modify it.
 */
public final class PromptBlocks {

  /** A prompt without block hashes. */
  public static final PromptBlocks NONE = new PromptBlocks(new long[0]);

  private final long[] hashes;

  private PromptBlocks(long[] hashes) {
    this.hashes = hashes;
  }

  /** Wraps {@code hashes} without copying; null or empty gives {@link #NONE}. */
  public static PromptBlocks of(long[] hashes) {
    return hashes == null || hashes.length == 0 ? NONE : new PromptBlocks(hashes);
  }

  /** Number of full blocks in the prompt. */
  public int count() {
    return hashes.length;
  }

  /** Chained hash of block {@code i}, 0-based. */
  public long hash(int i) {
    return hashes[i];
  }

  /** A copy of the hashes, for callers (indexes) that take an array. */
  public long[] toArray() {
    return hashes.clone();
  }
}
