package dev.fabricplanner.sim.config;

/**
 * Prompt ({@code in_tokens}) and output ({@code out_tokens}) lengths of LLM requests, in tokens.
 */
public record LlmWorkload(Distribution inTokens, Distribution outTokens) {}
