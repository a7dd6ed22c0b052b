package dev.fabricplanner.sim.config;

/**
 * Relative weights of the request types; each is finite and >= 0 and they sum to more than 0.
 * mesh-sim wants them to sum to 1; here they are normalised, so 7/2/1 means the same as
 * 0.7/0.2/0.1.
 */
public record RequestMix(double llm, double vision, double asr) {

  public double total() {
    return llm + vision + asr;
  }

  public double llmFraction() {
    return llm / total();
  }

  public double visionFraction() {
    return vision / total();
  }

  public double asrFraction() {
    return asr / total();
  }
}
