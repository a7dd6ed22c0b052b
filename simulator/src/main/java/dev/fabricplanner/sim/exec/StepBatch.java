package dev.fabricplanner.sim.exec;

/**
 * What one engine step computes, as the scheduler assembled it: the shape an {@link ExecutionModel}
 * prices. Mutable and reused step after step by one scheduler, so the hot loop allocates nothing; a
 * model reads it and keeps no reference.
 */
public final class StepBatch {
  /** Prompt tokens computed this step (the sum of every prefill chunk), cached tokens excluded. */
  public int prefillTokens;

  /** Requests with a prefill chunk in this step. */
  public int prefillSequences;

  /**
   * Query-key pairs the prefill chunks attend over: for a chunk of c tokens after p tokens already in
   * the KV cache (computed earlier or cached), c × (p + (c + 1) / 2).
   */
  public long prefillAttentionPairs;

  /** Requests generating one token each this step. */
  public int decodeSequences;

  /** KV tokens the decoding requests read: the sum of their context lengths. */
  public long decodeContextTokens;

  public void clear() {
    prefillTokens = 0;
    prefillSequences = 0;
    prefillAttentionPairs = 0;
    decodeSequences = 0;
    decodeContextTokens = 0;
  }

  /** Adds a prefill chunk of {@code chunk} tokens computed after {@code prior} tokens already in KV. */
  public void addPrefillChunk(int chunk, long prior) {
    prefillTokens += chunk;
    prefillSequences++;
    prefillAttentionPairs += chunk * (prior + (chunk + 1) / 2);
  }

  /** Adds one decoding request whose context (prompt plus tokens so far) is {@code context} tokens. */
  public void addDecode(long context) {
    decodeSequences++;
    decodeContextTokens += context;
  }

  public boolean isEmpty() {
    return prefillTokens == 0 && decodeSequences == 0;
  }
}
