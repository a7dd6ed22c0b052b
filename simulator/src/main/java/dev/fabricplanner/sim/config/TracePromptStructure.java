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
 */
public record TracePromptStructure(
    int numGroups, int numPromptsPerGroup, int systemPromptLen, int questionLen) {}
