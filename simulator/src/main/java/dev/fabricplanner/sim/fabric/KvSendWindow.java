package dev.fabricplanner.sim.fabric;

/**
 * When a prompt's KV cache may start to move to its decode node, and the earliest it can have
 * arrived whatever the link does.
 *
 * <p>Sent after prefill (vLLM's NIXL connector: the decode side reads the blocks once the prefill
 * request has finished) the cache starts moving when prefill ends. Sent layer by layer (Mooncake's and
 * LMCache's layer-wise store) each layer's share leaves as soon as the step computing the prompt's
 * last chunk has finished that layer: the cache of earlier chunks is whole when that step starts, the
 * last chunk's first layer one layer's time later, and its last layer only when the step ends, after
 * which that layer's share of the chunk still has to cross. With production spread evenly over the
 * step, the stream then ends at max(start + the whole transfer, step end + the last layer's share),
 * the two ends of a two-stage flow line.
 *
 * @param earliestStartMs when the first bytes are ready to go
 * @param endNotBeforeMs when the last bytes can have crossed at the earliest
 */
public record KvSendWindow(double earliestStartMs, double endNotBeforeMs) {

  /** The whole cache moves once prefill has ended at {@code nowMs}. */
  public static KvSendWindow afterPrefill(double nowMs) {
    return new KvSendWindow(nowMs, nowMs);
  }

  /**
   * The cache streams layer by layer while the step that computed the last {@code lastChunk} of the
   * prompt's {@code tokens} tokens ran from {@code stepStartMs} to {@code nowMs}.
   *
   * @param layers the model's layers
   * @param transferMs what moving the whole cache takes on the link
   */
  public static KvSendWindow layerwise(double stepStartMs, double nowMs, int tokens, int lastChunk,
      int layers, double transferMs) {
    double layerMs = (nowMs - stepStartMs) / layers;
    boolean earlierChunks = lastChunk < tokens;
    double start = earlierChunks ? stepStartMs : stepStartMs + layerMs;
    double lastShareMs = transferMs * ((double) lastChunk / tokens) / layers;
    return new KvSendWindow(start, nowMs + lastShareMs);
  }
}
