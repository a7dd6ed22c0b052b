package dev.fabricplanner.sim.config;

/**
 * A plain service-time model for validation runs against queueing theory (M/M/1, M/M/c, M/D/1):
 * each request takes a sample of {@code distribution} with mean {@code meanMs}, and each node
 * serves {@code concurrency} requests at once (its GPU profile's concurrency, the c in M/M/c).
 *
 * @param distribution exponential (M), deterministic (D) or erlang (E_k)
 * @param meanMs mean service time in ms
 * @param shape the k of an Erlang distribution (1 for the others)
 */
public record ServiceModel(Kind distribution, double meanMs, int shape) {

  public enum Kind {
    EXPONENTIAL,
    DETERMINISTIC,
    ERLANG;

    /** The YAML spelling. */
    public String yamlName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
