package dev.fabricplanner.sim.exec;

/**
 * A server of {@code pp} pipeline stages, as vLLM V1 runs one: the engine core keeps up to pp
 * scheduled batches in flight (its {@code batch_queue}, sized by the executor's
 * {@code max_concurrent_batches} = pp; vllm/v1/engine/core.py, {@code step_with_batch_queue}), so
 * while stage s computes one micro-batch, stage s + 1 computes the one before. We model one step of
 * batch B as pp micro-batches of a pp-th of B each passing through every stage:
 *
 * <pre>
 * step(B) = inner(B / pp) + hops(tokens of B / pp)
 * </pre>
 *
 * where inner is the whole model's step (all layers on one stage's tp GPUs: a stage does a pp-th of
 * the layers, and in steady state it does that for pp micro-batches per step) and hops the pp − 1
 * stage-to-stage sends of one micro-batch's activations. The micro-batch's tokens, sequences, attention
 * pairs and context tokens are B's divided by pp, rounded up (a request is never split). So a token's
 * interval includes every stage and hop, and the server's throughput grows with the micro-batches in
 * flight; the step's token budget is pp × max_num_batched_tokens (set where the server is built).
 */
public final class PipelineStepModel implements ExecutionModel {
  private final ExecutionModel inner;
  private final int pp;
  private final TransferTime hops;
  private final String hopSource;
  /** Reused step after step (a model serves one run on one thread), so a step allocates nothing. */
  private final StepBatch micro = new StepBatch();

  /**
   * @param hops the pp − 1 hops of one micro-batch of n tokens, all together
   * @param hopSource what the hops are priced from, for {@link #describe}
   */
  public PipelineStepModel(ExecutionModel inner, int pp, TransferTime hops, String hopSource) {
    if (pp < 2) {
      throw new IllegalArgumentException("a pipeline has at least 2 stages, got " + pp);
    }
    this.inner = inner;
    this.pp = pp;
    this.hops = hops;
    this.hopSource = hopSource;
  }

  /**
   * Bytes a stage sends the next per token: vLLM's Llama-style models hand on
   * {@code IntermediateTensors} of {@code hidden_states} and {@code residual}, each hidden-size
   * values in the model's dtype (BF16; vllm/model_executor/models/llama.py, LlamaModel.forward).
   */
  public static double activationBytesPerToken(ModelSpec model) {
    return 2.0 * model.hiddenSize() * 2.0;
  }

  @Override
  public double stepMs(StepBatch batch) {
    if (batch.isEmpty()) {
      return 0;
    }
    microBatch(batch, micro);
    return inner.stepMs(micro) + hops.ms(microBatchTokens(batch, pp));
  }

  /**
   * The tokens one of the pp micro-batches of {@code batch} computes: its prompt tokens and its
   * decoding sequences, each a pp-th of the batch's, rounded up. What a stage hop carries and what a
   * stage's all-reduces reduce.
   */
  public static int microBatchTokens(StepBatch batch, int pp) {
    return (batch.prefillTokens + pp - 1) / pp + (batch.decodeSequences + pp - 1) / pp;
  }

  /** One of the pp micro-batches of {@code batch}, into {@code micro}: each figure ÷ pp, rounded up. */
  void microBatch(StepBatch batch, StepBatch micro) {
    micro.prefillTokens = ceil(batch.prefillTokens);
    micro.prefillSequences = ceil(batch.prefillSequences);
    micro.prefillAttentionPairs = ceil(batch.prefillAttentionPairs);
    micro.decodeSequences = ceil(batch.decodeSequences);
    micro.decodeContextTokens = ceil(batch.decodeContextTokens);
  }

  private int ceil(int value) {
    return (value + pp - 1) / pp;
  }

  private long ceil(long value) {
    return (value + pp - 1) / pp;
  }

  public int pp() {
    return pp;
  }

  @Override
  public String describe() {
    return inner.describe() + ", " + pp + " pipeline stages (hops priced from " + hopSource + ")";
  }
}
