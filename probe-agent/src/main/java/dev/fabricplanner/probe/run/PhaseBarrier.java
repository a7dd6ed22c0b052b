package dev.fabricplanner.probe.run;

/**
 * Where both sides of a running test meet before a phase (so no message reaches an endpoint before its
 * receive is posted). Over the control stream: one BARRIER message each way.
 */
@FunctionalInterface
public interface PhaseBarrier {
  void await(String phase) throws BackendFailure;
}
