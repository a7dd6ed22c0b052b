package dev.fabricplanner.sim.config;

/**
 * The prompt structure of a replayed trace that recorded no prefixes ({@code
 * workload.trace.shared_prefix}): inference-perf's single-turn shared_prefix layout, under its own
 * key names, from which each request's prompt blocks are rebuilt (see {@code SharedPrefixPrompts}).
 *
 * @param numGroups system prompts
 * @param numPromptsPerGroup users (questions) per system prompt
 * @param systemPromptLen tokens of each system prompt
 * @param questionLen tokens of each question
 * @param outputLen answer tokens of the requests a replay trace marks failed (it recorded no token
 *     counts for them), which are then replayed with system + question tokens; 0: left out
 */
public record TracePromptStructure(
    int numGroups, int numPromptsPerGroup, int systemPromptLen, int questionLen, int outputLen) {

  /** Failed requests left out of the replay. */
  public TracePromptStructure(
      int numGroups, int numPromptsPerGroup, int systemPromptLen, int questionLen) {
    this(numGroups, numPromptsPerGroup, systemPromptLen, questionLen, 0);
  }

  /** Whether the requests a replay trace marks failed are replayed. */
  public boolean replaysFailed() {
    return outputLen > 0;
  }
}
