package dev.fabricplanner.sim;

/** Told how far a run has got, every million events or so. Called on the run's own thread. */
@FunctionalInterface
public interface ProgressListener {
  ProgressListener NONE = (simulatedSeconds, totalSeconds, events) -> {};

  void progress(double simulatedSeconds, double totalSeconds, long events);
}
