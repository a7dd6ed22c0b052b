package dev.fabricplanner.sim.cluster;

/**
 * The execution-time model of one kind of server (a whole GPU, or one MIG slice of it), kept apart from
 * the per-server scheduler as BLIS and Vidur keep theirs.
 *
 * <p>A decode step with B sequences takes {@code stepBaseMs + stepPerSeqMs x (B - 1)} ms and gives every
 * sequence one token; prefill runs one request at a time at {@code prefillMsPerToken} per prompt token.
 *
 * @param name profile (and slice) name
 * @param profile index of its GPU profile in the config's {@code gpu_profiles}
 * @param slots concurrency: the largest batch
 * @param prefillMsPerToken prefill time per prompt token
 * @param stepBaseMs decode step time at batch 1
 * @param stepPerSeqMs growth of the step time per extra sequence
 * @param batchWindowMs how long a forming batch waits before it starts
 * @param kvCapacityBytes VRAM left for KV cache once the weights are loaded
 * @param kvBytesPerToken KV bytes per token of context (0: a fixed reservation per request)
 * @param fixedKvBytes KV reserved per request when {@code kvBytesPerToken} is 0
 * @param weightsBytes VRAM the weights take on this server
 * @param vramBytes VRAM of this server
 */
public record ServerClass(
    String name,
    int profile,
    int slots,
    double prefillMsPerToken,
    double stepBaseMs,
    double stepPerSeqMs,
    double batchWindowMs,
    double kvCapacityBytes,
    double kvBytesPerToken,
    double fixedKvBytes,
    double weightsBytes,
    double vramBytes) {

  public double stepMs(int batch) {
    return stepBaseMs + stepPerSeqMs * (batch - 1);
  }

  /** KV bytes a request reserves on admission: its whole context, so decode never runs out. */
  public double kvNeed(int inputTokens, int outputTokens) {
    return kvBytesPerToken > 0 ? kvBytesPerToken * ((double) inputTokens + outputTokens) : fixedKvBytes;
  }
}
