package dev.fabricplanner.sim.exec;

/**
 * What a step model implies for one steady-state stage, without simulating it: the mean step
 * (= TPOT), and analytic TTFT and E2E. Steps come in two kinds: decode-only steps of the running
 * batch, and steps that also carry one request's prefill chunk; a fraction rate × chunks × step of
 * the steps are of the second kind. {@link #predict} solves the batch from Little's law and the
 * step time together, using nothing measured but the workload (rate, prompt and output lengths);
 * {@link #meanStepAtMeasuredLoad} takes the batch and step rate from the measured latencies, which
 * is what a fit may use.
 *
 * @param tpotMs mean step time while a request decodes
 * @param ttftMs analytic: {@link FirstTokenLatency} plus the extra time of the prefill steps
 * @param e2eMs analytic: TTFT + (output − 1) × TPOT
 * @param decodeSequences the batch the estimate settled on
 */
public record StageEstimate(double tpotMs, double ttftMs, double e2eMs, double decodeSequences) {

  /** Beyond this share of prefill-carrying steps a stage is taken as saturated. */
  private static final double SATURATED = 0.98;

  /** The estimate from the workload alone: batch and step time solved together. */
  public static StageEstimate predict(
      ExecutionModel model, StageObservation stage, FirstTokenLatency firstToken) {
    double batch = solveBatch(model, stage);
    double step = meanStepMs(model, stage, batch, Double.NaN);
    double ttft = firstToken.fixedMs() + firstToken.steps() * step
        + extraPrefillMs(model, stage, batch);
    return new StageEstimate(step, ttft, ttft + (stage.outputTokens() - 1) * step, batch);
  }

  /** Mean decode batch at which Little's law and the step time agree. */
  static double solveBatch(ExecutionModel model, StageObservation stage) {
    double batch = 1;
    double step = 0;
    for (int i = 0; i < 200; i++) {
      step = meanStepMs(model, stage, batch, Double.NaN);
      double next = Math.min(stage.maxNumSeqs(),
          Math.max(1, stage.rateRps() * (stage.outputTokens() - 1) * step / 1000.0));
      if (Math.abs(next - batch) < 1e-6 * batch) {
        batch = next;
        break;
      }
      batch = 0.5 * (batch + next); // damped: the map is steep near saturation
    }
    return batch;
  }

  /** Mean step time with the batch and the prefill share taken from the measured stage. */
  public static double meanStepAtMeasuredLoad(ExecutionModel model, StageObservation stage) {
    return meanStepMs(model, stage, stage.measuredDecodeSequences(), stage.measuredTpotMs());
  }

  /**
   * Mean step with {@code batch} decoding requests; the share of steps carrying a prefill chunk is
   * rate × chunks × {@code stepMs}, or solved self-consistently when {@code stepMs} is NaN.
   */
  static double meanStepMs(ExecutionModel model, StageObservation stage, double batch, double stepMs) {
    double decodeOnly = interpolate(model, stage, batch, false);
    double withPrefill = interpolate(model, stage, batch, true);
    double chunks = chunks(stage, batch);
    double perMs = stage.rateRps() * chunks / 1000.0;
    if (!Double.isNaN(stepMs)) {
      double share = Math.min(1, perMs * stepMs);
      return (1 - share) * decodeOnly + share * withPrefill;
    }
    // step = decodeOnly + rate·chunks·step·(withPrefill − decodeOnly), solved for step.
    double share = perMs * (withPrefill - decodeOnly);
    if (share >= SATURATED) {
      return withPrefill;
    }
    return Math.min(withPrefill, decodeOnly / (1 - share));
  }

  /** What a request's prefill steps take beyond as many mean steps. */
  static double extraPrefillMs(ExecutionModel model, StageObservation stage, double batch) {
    double mean = meanStepMs(model, stage, batch, Double.NaN);
    return Math.max(0, chunks(stage, batch) * interpolate(model, stage, batch, true) - mean);
  }

  /** Steps one prompt's prefill takes under the token budget the decodes leave. */
  private static double chunks(StageObservation stage, double batch) {
    double room = Math.max(1, stage.maxNumBatchedTokens() - batch);
    return Math.ceil(stage.uncachedTokens() / room);
  }

  /** A step at a fractional batch: linear between the two whole batches around it. */
  private static double interpolate(
      ExecutionModel model, StageObservation stage, double batch, boolean prefill) {
    int low = (int) Math.floor(batch);
    double above = batch - low;
    double lowMs = step(model, stage, low, prefill, batch);
    if (above < 1e-9) {
      return lowMs;
    }
    return lowMs + above * (step(model, stage, low + 1, prefill, batch) - lowMs);
  }

  private static double step(
      ExecutionModel model, StageObservation stage, int decodes, boolean prefill, double batch) {
    StepBatch step = new StepBatch();
    long context = Math.round(stage.meanDecodeContext());
    for (int i = 0; i < decodes; i++) {
      step.addDecode(context);
    }
    if (prefill) {
      double chunks = chunks(stage, batch);
      int chunk = (int) Math.round(stage.uncachedTokens() / chunks);
      // The middle chunk of the prompt stands for all of them: prior = cached + half the rest.
      long prior = Math.round(stage.cachedTokens() + (stage.uncachedTokens() - chunk) / 2);
      step.addPrefillChunk(Math.max(1, chunk), prior);
    }
    return model.stepMs(step);
  }
}
