package dev.fabricplanner.strategy;

/** The kinds of inference request a fleet serves; each has its own size distribution and service model. */
public enum RequestType {
  LLM,
  VISION,
  ASR;

  /** Lower-case name used in configs and result files ({@code llm}, {@code vision}, {@code asr}). */
  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
