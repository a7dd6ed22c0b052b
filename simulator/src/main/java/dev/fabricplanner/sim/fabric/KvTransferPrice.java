package dev.fabricplanner.sim.fabric;

/**
 * What moving a prompt's KV cache costs between one prefill GPU and one decode GPU: the planner's
 * estimate at prompts of 2^k tokens (k = 0..{@value #TOP_POWER}), interpolated linearly in tokens
 * between the two powers around a prompt (beyond the top, along the last segment). Each power keeps the
 * transport the planner chose at that size, and whether the size lay outside the measured sweep. The
 * same table prices a TP ring step or a pipeline hop, whose bytes per token are activations.
 *
 * @param tokenUs planner estimate in microseconds at 2^k tokens
 * @param transport the transport's name at 2^k tokens
 * @param extrapolated whether the planner extrapolated beyond the measured sweep at 2^k tokens
 * @param preferred the transport the planner would choose with nothing disabled (at the top size)
 */
public record KvTransferPrice(
    double[] tokenUs, String[] transport, boolean[] extrapolated, String preferred) {
  public static final int TOP_POWER = 20;

  /** Milliseconds to move the KV cache of a prompt of {@code tokens} tokens. */
  public double ms(int tokens) {
    if (tokens <= 0) {
      return 0;
    }
    int k = Math.min(bucket(tokens), TOP_POWER - 1);
    double lo = 1L << k;
    double hi = 1L << (k + 1);
    return (tokenUs[k] + (tokens - lo) / (hi - lo) * (tokenUs[k + 1] - tokenUs[k])) / 1000.0;
  }

  /** The transport that carries a prompt of this many tokens. */
  public String transportFor(int tokens) {
    return transport[Math.min(bucket(tokens) + 1, TOP_POWER)];
  }

  /** Whether the planner's figure for a prompt of this many tokens is an extrapolation. */
  public boolean extrapolates(int tokens) {
    int k = Math.min(bucket(tokens), TOP_POWER - 1);
    return tokens > (1 << TOP_POWER) || extrapolated[k] || extrapolated[k + 1];
  }

  /** True when the transport used at the top size is not the one the planner prefers. */
  public boolean fellBack() {
    return !transport[TOP_POWER].equals(preferred);
  }

  /** floor(log2(tokens)) for tokens >= 1. */
  private static int bucket(int tokens) {
    return 31 - Integer.numberOfLeadingZeros(Math.max(1, tokens));
  }
}
