package dev.fabricplanner.sim.workload;

/**
 * Where a run's requests come from: a generator drawing from the config's workload, or a trace read as
 * a stream. A cursor over requests in arrival order: {@link #generate()} makes the request arriving at
 * {@link #nextArrivalMs()} the current one, and the accessors describe it until the next call. Nothing
 * here depends on routing, so every strategy sees the identical request sequence.
 */
public interface RequestSource {

  /** When the next request arrives; {@code +Infinity} once arrivals have ended. */
  double nextArrivalMs();

  /** Makes the request arriving at {@link #nextArrivalMs()} the current one. */
  void generate();

  long id();

  double arrivalMs();

  /** {@link RequestGenerator#LLM}, {@link RequestGenerator#VISION} or {@link RequestGenerator#ASR}. */
  int type();

  int tenant();

  int originCell();

  int inputTokens();

  /** Tokens the engine will generate: only the engine may read this, never a router. */
  int outputTokens();

  long payloadBytes();

  long responseBytes();

  /** Drawn service time of a validation run (service_model set); 0 otherwise. */
  double serviceMs();

  /**
   * The prompt as chained hashes of its full 16-token blocks (hash i covers tokens 0..16(i+1)-1, so two
   * prompts share a prefix of k blocks exactly when their first k hashes are equal); {@code null} when
   * the prompt shares nothing with any other request. The array belongs to the caller once returned.
   */
  default long[] promptBlockHashes() {
    return null;
  }
}
