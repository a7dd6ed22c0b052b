package dev.fabricplanner.sim.trace;

import dev.fabricplanner.core.InvalidInputException;

/**
 * A trace problem met mid-run, where {@link dev.fabricplanner.sim.workload.RequestSource} cannot
 * throw a checked exception; the simulation turns it back into its {@link InvalidInputException}.
 */
public final class TraceFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final InvalidInputException problem;

  public TraceFailure(InvalidInputException problem) {
    super(problem.getMessage(), problem, false, false);
    this.problem = problem;
  }

  public InvalidInputException problem() {
    return problem;
  }
}
