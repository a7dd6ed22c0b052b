package dev.fabricplanner.sim.exec;

/**
 * How long one engine step takes, given its batch: the execution-time model, kept apart from the
 * per-server scheduler (which assembles the batch) and the router (which picks the server), as BLIS,
 * Vidur and Splitwise separate them. Implementations are immutable and shared by every server of one
 * model × GPU × TP class.
 */
public interface ExecutionModel {

  /** Milliseconds one step of this batch takes, including the engine's per-step overhead. */
  double stepMs(StepBatch batch);

  /** One line for docs and results: which model this is and what it was built or fitted from. */
  String describe();
}
