package dev.fabricplanner.sim.exec;

/**
 * One steady-state stage of a measured run, turned into what a step model can be fitted on and
 * judged against. Runs report only per-stage means, so the batch is inferred (see
 * docs/EXECUTION-MODEL.md, "From stage means to steps"):
 *
 * <ul>
 *   <li>decode sequences per step (Little's law): rate × (E2E − TTFT);
 *   <li>output tokens: (E2E − TTFT) / TPOT + 1, which is the run's measured mean output by the
 *       definition of its TPOT;
 *   <li>uncached prompt tokens: the prompt less what the prefix cache holds (see
 *       {@link StageObservations});
 *   <li>prefill chunks per step: rate × step time, each of the uncached prompt.
 * </ul>
 *
 * @param promptTokens mean prompt tokens (measured, else the workload's shape plus chat framing)
 * @param cachedTokens prompt tokens served from the prefix cache
 */
public record StageObservation(
    String experimentId,
    int stageIndex,
    ModelSpec model,
    GpuSpec gpu,
    int tp,
    int maxNumBatchedTokens,
    int maxNumSeqs,
    double rateRps,
    double promptTokens,
    double cachedTokens,
    double outputTokens,
    double measuredTtftMs,
    double measuredTpotMs,
    double measuredE2eMs) {

  /**
   * Measured prompts run this much above system + question tokens (chat framing): the mean ratio
   * over the 9 calibration runs that recorded prompt lengths (1.040 to 1.052).
   */
  public static final double PROMPT_FRAMING = 1.047;

  /** Prompt tokens each request prefills. */
  public double uncachedTokens() {
    return Math.max(1, promptTokens - cachedTokens);
  }

  /** Decode sequences in a step, from Little's law on the measured decode time. */
  public double measuredDecodeSequences() {
    return Math.min(maxNumSeqs, rateRps * (measuredE2eMs - measuredTtftMs) / 1000.0);
  }

  /** Mean context of a decoding request: its prompt plus half its output. */
  public double meanDecodeContext() {
    return promptTokens + outputTokens / 2;
  }

  /** "experiment#stage", as reports name it. */
  public String label() {
    return experimentId + "#" + stageIndex;
  }

  /** Model × GPU × TP: the class a fitted coefficient set belongs to. */
  public String engineClass() {
    return model.name() + " | " + gpu.name() + " | tp" + tp;
  }
}
