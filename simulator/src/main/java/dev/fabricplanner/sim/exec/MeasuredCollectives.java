package dev.fabricplanner.sim.exec;

/**
 * A TP step model whose all-reduces are priced from measured links instead of the GPU catalog's
 * nominal one: step = inner step − the nominal all-reduce time the inner model assumes + the measured
 * one. The inner model keeps everything else (compute, weight and KV reads, overheads). A calibrated
 * linear model absorbed the calibration machine's real link, which the nominal term stands for, so
 * the same term is taken out of it.
 */
public final class MeasuredCollectives implements ExecutionModel {
  private final ExecutionModel inner;
  private final TransferTime nominal;
  private final TransferTime measured;
  private final String source;

  /**
   * @param nominal the all-reduces of a step of n tokens as the inner model prices them
   * @param measured the same all-reduces priced from the measured links
   * @param source one line naming what they were measured between, for {@link #describe}
   */
  public MeasuredCollectives(
      ExecutionModel inner, TransferTime nominal, TransferTime measured, String source) {
    this.inner = inner;
    this.nominal = nominal;
    this.measured = measured;
    this.source = source;
  }

  @Override
  public double stepMs(StepBatch batch) {
    if (batch.isEmpty()) {
      return 0;
    }
    int tokens = batch.prefillTokens + batch.decodeSequences;
    return inner.stepMs(batch) - nominal.ms(tokens) + measured.ms(tokens);
  }

  /** The all-reduces of a step of {@code tokens} tokens as measured. */
  public double measuredMs(int tokens) {
    return measured.ms(tokens);
  }

  /** The all-reduces of a step of {@code tokens} tokens as the inner model priced them. */
  public double nominalMs(int tokens) {
    return nominal.ms(tokens);
  }

  @Override
  public String describe() {
    return inner.describe() + ", TP all-reduces priced from " + source;
  }
}
