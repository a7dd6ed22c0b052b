package dev.fabricplanner.sim.config;

/**
 * Vision requests: image size in pixels and a processing-complexity multiplier. As in mesh-sim, an
 * image costs {@code pixels / 1000 * complexity} input tokens and a quarter of that as output.
 */
public record VisionWorkload(Distribution imageSize, Distribution processingComplexity) {}
