package dev.fabricplanner.sim.fidelity;

/**
 * The figures a measured vLLM run reports and the simulator predicts, named as in experiments.json and
 * in {@code fidelity.json} (the contract in design.md). TPOT is (E2E mean − TTFT mean) / (mean output
 * tokens − 1) on both sides, the definition the calibration data uses.
 */
public enum FidelityMetric {
  TTFT_MEAN("ttft_mean_ms"),
  TPOT_MEAN("tpot_mean_ms"),
  E2E_MEAN("e2e_mean_ms"),
  TTFT_P90("ttft_p90_ms"),
  E2E_P90("e2e_p90_ms");

  private final String key;

  FidelityMetric(String key) {
    this.key = key;
  }

  /** The key in experiments.json and fidelity.json. */
  public String key() {
    return key;
  }
}
