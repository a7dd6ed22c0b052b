package dev.fabricplanner.sim.config;

/**
 * Fractions of the request types; each is finite and >= 0 and, as a config gives them, they sum to
 * 1 (a mix that does not is refused, naming its sum).
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
