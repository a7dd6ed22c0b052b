package dev.fabricplanner.sim.config;

/**
 * Speech requests: audio length in seconds and sample rate in Hz. As in mesh-sim, one second of
 * audio costs 100 input tokens and half that as output.
 */
public record AsrWorkload(Distribution audioDurationS, int sampleRate) {}
