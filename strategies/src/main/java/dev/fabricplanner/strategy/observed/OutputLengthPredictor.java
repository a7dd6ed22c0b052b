package dev.fabricplanner.strategy.observed;

import dev.fabricplanner.strategy.RequestType;

/**
 * Predicts how many tokens a request will generate from what a router can know: its type, its prompt
 * length and the lengths of answers it has seen. Only the serving engine knows a request's true output
 * length, so a strategy that wants a size must estimate it.
 *
 * <p>Completions are grouped per request type and prompt-length octave (prompt tokens in [2^k,
 * 2^(k+1))); the prediction is the mean observed output of the request's group, else of its type, else
 * {@code fallback} before anything of that type has completed.
 */
public final class OutputLengthPredictor {
  private static final int OCTAVES = 64;
  private static final RequestType[] TYPES = RequestType.values();

  private final double fallback;
  private final long[] count = new long[TYPES.length * (OCTAVES + 1)];
  private final double[] sum = new double[TYPES.length * (OCTAVES + 1)];

  public OutputLengthPredictor(double fallback) {
    this.fallback = fallback;
  }

  /** A request of {@code type} with {@code inputTokens} prompt tokens answered {@code outputTokens}. */
  public void observe(RequestType type, long inputTokens, long outputTokens) {
    int group = group(type, inputTokens);
    int all = typeTotal(type);
    count[group]++;
    sum[group] += outputTokens;
    count[all]++;
    sum[all] += outputTokens;
  }

  /** Expected output tokens of a request of {@code type} with {@code inputTokens} prompt tokens. */
  public double predict(RequestType type, long inputTokens) {
    int group = group(type, inputTokens);
    if (count[group] > 0) {
      return sum[group] / count[group];
    }
    int all = typeTotal(type);
    return count[all] > 0 ? sum[all] / count[all] : fallback;
  }

  private static int group(RequestType type, long inputTokens) {
    int octave = 63 - Long.numberOfLeadingZeros(Math.max(1, inputTokens));
    return type.ordinal() * (OCTAVES + 1) + octave;
  }

  private static int typeTotal(RequestType type) {
    return type.ordinal() * (OCTAVES + 1) + OCTAVES;
  }
}
