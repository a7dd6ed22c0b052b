package dev.fabricplanner.sim.exec;

import java.util.Locale;

/**
 * A step time fitted per model × GPU × TP: linear in what the step computes,
 *
 * <pre>
 * step ms = β0 + β1 · prefill tokens + β2 · decode sequences + β3 · KV context tokens read
 *              + β4 · prefill attention pairs
 * </pre>
 *
 * (BLIS's β0 + β1·prefill + β2·decode, plus the context read that dominates long decodes and the
 * quadratic prefill attention). The coefficients come from {@code planner calibrate}; see
 * {@link CoefficientsFile}.
 */
public final class LinearStepModel implements ExecutionModel {
  private final Coefficients coefficients;
  private final String fittedOn;

  /**
   * The fitted coefficients, in milliseconds per unit.
   *
   * @param constantMs per step
   * @param perPrefillTokenMs per prompt token computed
   * @param perDecodeSequenceMs per decoding request
   * @param perContextTokenMs per KV token a decoding request reads
   * @param perAttentionPairMs per prefill query-key pair
   */
  public record Coefficients(
      double constantMs,
      double perPrefillTokenMs,
      double perDecodeSequenceMs,
      double perContextTokenMs,
      double perAttentionPairMs) {

    public Coefficients {
      double[] all = {constantMs, perPrefillTokenMs, perDecodeSequenceMs, perContextTokenMs,
          perAttentionPairMs};
      for (double beta : all) {
        if (!(beta >= 0) || Double.isInfinite(beta)) {
          throw new IllegalArgumentException("step coefficients must be finite and >= 0: " + this);
        }
      }
    }

    /** The coefficients as an array, in declaration order (the order fits use). */
    public double[] toArray() {
      return new double[] {constantMs, perPrefillTokenMs, perDecodeSequenceMs, perContextTokenMs,
          perAttentionPairMs};
    }

    public static Coefficients of(double[] betas) {
      return new Coefficients(betas[0], betas[1], betas[2], betas[3], betas[4]);
    }
  }

  /** @param fittedOn one line saying what the coefficients were fitted on, for {@link #describe} */
  public LinearStepModel(Coefficients coefficients, String fittedOn) {
    this.coefficients = coefficients;
    this.fittedOn = fittedOn;
  }

  public Coefficients coefficients() {
    return coefficients;
  }

  @Override
  public double stepMs(StepBatch batch) {
    if (batch.isEmpty()) {
      return 0;
    }
    return meanStepMs(batch.prefillTokens, batch.decodeSequences, batch.decodeContextTokens,
        batch.prefillAttentionPairs);
  }

  /** The same sum for a mean (fractional) batch; being linear, a mean batch gives the mean step. */
  public double meanStepMs(
      double prefillTokens, double decodeSequences, double contextTokens, double attentionPairs) {
    return coefficients.constantMs()
        + coefficients.perPrefillTokenMs() * prefillTokens
        + coefficients.perDecodeSequenceMs() * decodeSequences
        + coefficients.perContextTokenMs() * contextTokens
        + coefficients.perAttentionPairMs() * attentionPairs;
  }

  @Override
  public String describe() {
    return String.format(Locale.ROOT,
        "linear step %.3f ms + %.3g ms/prefill token + %.3g ms/decode seq + %.3g ms/context token"
            + " + %.3g ms/attention pair, fitted on %s",
        coefficients.constantMs(), coefficients.perPrefillTokenMs(),
        coefficients.perDecodeSequenceMs(), coefficients.perContextTokenMs(),
        coefficients.perAttentionPairMs(), fittedOn);
  }
}
