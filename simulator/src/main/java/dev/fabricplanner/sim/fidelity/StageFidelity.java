package dev.fabricplanner.sim.fidelity;

import java.util.Map;

/**
 * Predicted against measured figures for one constant-rate stage of an experiment.
 *
 * @param stageIndex the stage's index in experiments.json
 * @param metrics the figures compared (a metric the run did not measure is absent)
 * @param simulatedS seconds of arrivals simulated for the stage (its duration, or the steady-state
 *     window chosen when the duration is unknown)
 */
public record StageFidelity(
    int stageIndex, Map<FidelityMetric, MetricComparison> metrics, double simulatedS) {}
