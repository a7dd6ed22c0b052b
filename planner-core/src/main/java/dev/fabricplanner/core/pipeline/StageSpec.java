package dev.fabricplanner.core.pipeline;

/**
 * One pipeline stage as the user wrote it.
 *
 * @param layers how many consecutive layers it runs
 * @param gpu where it runs: "HOST:INDEX" or "HOST:GPU-UUID"; null to let the planner place it
 */
public record StageSpec(int layers, String gpu) {}
