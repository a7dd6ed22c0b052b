package dev.fabricplanner.core.route;

import dev.fabricplanner.core.plan.HopDecision;

/**
 * One hop of a plan and its decision.
 *
 * @param label how the table names it ("stage 0 -> 1", or "host-a -> host-b" in a fleet survey)
 * @param fromStage the sending stage, or -1 in a fleet survey
 * @param decision the transport decision
 */
public record PlannedHop(String label, int fromStage, HopDecision decision) {}
