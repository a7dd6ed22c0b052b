package dev.fabricplanner.sim.kv;

import java.util.Arrays;

/** Chained block hashes for test prompts, built the way a workload builds them. */
final class Prompts {
  private Prompts() {}

  /** {@code blocks} hashes whose first {@code shared} equal {@code prefix}'s, the rest drawn from {@code salt}. */
  static long[] extend(long[] prefix, int shared, long salt, int blocks) {
    long[] out = Arrays.copyOf(prefix, blocks);
    long parent = shared == 0 ? 0x9e3779b97f4a7c15L : prefix[shared - 1];
    for (int i = shared; i < blocks; i++) {
      parent = mix(parent * 31 + salt * 1_000_003L + i);
      out[i] = parent;
    }
    return out;
  }

  /** A prompt of {@code blocks} hashes sharing nothing with prompts of other salts. */
  static long[] fresh(long salt, int blocks) {
    return extend(new long[0], 0, salt, blocks);
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
