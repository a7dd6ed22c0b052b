package dev.fabricplanner.sim.config;

import java.util.List;

/**
 * The inference-perf client's {@code shared_prefix} workload: {@code numGroups} system prompts, each
 * shared by {@code numPromptsPerGroup} users; a request is its group's system prompt followed by the
 * user's question; with multi-turn chat each user's earlier prompts and answers come first. Load
 * arrives in constant-rate stages, one after another.
 *
 * @param numGroups distinct system prompts
 * @param numPromptsPerGroup users (questions) per system prompt
 * @param systemPromptLen tokens of each system prompt
 * @param questionLen mean tokens of a question
 * @param questionLenStd standard deviation of question lengths (0: all equal)
 * @param outputLen mean output tokens
 * @param outputLenStd standard deviation of output lengths (0: all equal)
 * @param multiTurnChat whether each user's history is carried into its later prompts
 * @param stages constant-rate load stages, in order
 */
public record SharedPrefixWorkload(
    int numGroups,
    int numPromptsPerGroup,
    int systemPromptLen,
    int questionLen,
    double questionLenStd,
    int outputLen,
    double outputLenStd,
    boolean multiTurnChat,
    List<LoadStage> stages) {

  public SharedPrefixWorkload {
    stages = List.copyOf(stages);
  }

  /** Users over all groups. */
  public int users() {
    return numGroups * numPromptsPerGroup;
  }

  /** Seconds from the first stage's start to the last one's end. */
  public double durationS() {
    return stages.stream().mapToDouble(LoadStage::durationS).sum();
  }
}
