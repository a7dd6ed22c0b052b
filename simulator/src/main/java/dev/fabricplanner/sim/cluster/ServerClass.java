package dev.fabricplanner.sim.cluster;

import dev.fabricplanner.sim.exec.ExecutionModel;

/**
 * One kind of server (a whole GPU, or one MIG slice of it): the engine it runs and how fast its steps
 * are. The execution model prices a step; the scheduler limits and KV size shape which steps happen.
 *
 * @param name profile (and slice) name
 * @param profile index of its GPU profile in the config's {@code gpu_profiles}
 * @param execution step time of a batch
 * @param maxNumSeqs most requests running at once (the node's capacity as routers see it)
 * @param maxNumBatchedTokens token budget of one step
 * @param blockSize tokens per KV block
 * @param kvBlocks KV blocks of the server
 * @param kvBytesPerToken KV bytes per token of context (for VRAM figures)
 * @param weightsBytes VRAM the weights take on this server
 * @param vramBytes VRAM of this server
 * @param schedulingDelayMs fixed delay before the scheduler sees a request
 * @param schedulingDelayMsPerToken the delay's part per prompt token
 * @param prefixCaching whether prompts carrying block hashes reuse cached blocks
 * @param frontEndMs time the serving front end adds to every token the client sees (HTTP,
 *     detokenization, streaming), from a calibration's first-token terms; 0 without one
 * @param outputDelaySteps steps after the one that computed a token before the client sees it (vLLM
 *     hands a step's output to the API server while the next steps run), likewise
 */
public record ServerClass(
    String name,
    int profile,
    ExecutionModel execution,
    int maxNumSeqs,
    int maxNumBatchedTokens,
    int blockSize,
    int kvBlocks,
    double kvBytesPerToken,
    double weightsBytes,
    double vramBytes,
    double schedulingDelayMs,
    double schedulingDelayMsPerToken,
    boolean prefixCaching,
    double frontEndMs,
    double outputDelaySteps) {

  /** How much later than its step's end the client sees a token, when steps take {@code stepMs}. */
  public double clientDelayMs(double stepMs) {
    return frontEndMs + outputDelaySteps * stepMs;
  }

  /** KV blocks a context of {@code tokens} tokens takes. */
  public int blocksFor(long tokens) {
    return (int) ((tokens + blockSize - 1) / blockSize);
  }
}
