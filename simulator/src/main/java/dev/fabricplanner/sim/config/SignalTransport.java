package dev.fabricplanner.sim.config;

/**
 * Delay for a published signal to reach the routers, in ms. One delay for every router: strategies
 * read one fleet-wide view, so mesh-sim's {@code inter_cell} delay is refused (docs/CONFIG.md).
 */
public record SignalTransport(DelayRange intraCell) {}
