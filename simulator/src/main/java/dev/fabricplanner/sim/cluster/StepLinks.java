package dev.fabricplanner.sim.cluster;

import dev.fabricplanner.sim.exec.StepBatch;

/**
 * Links a server's steps hold (a pipeline stage on another host, its TP ring's links): a step books
 * them when it starts and waits while others hold them.
 */
public interface StepLinks {
  /** Whether {@code node}'s steps hold shared links (each step is then its own event). */
  boolean holdsLinks(int node);

  /** Books the links a step of {@code batch} holds from {@code nowMs}; returns how long it waits. */
  double waitMs(int node, StepBatch batch, double nowMs);

  /** Both sets of links (either may be null): a step books each and waits for the later. */
  static StepLinks both(StepLinks a, StepLinks b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    return new StepLinks() {
      @Override
      public boolean holdsLinks(int node) {
        return a.holdsLinks(node) || b.holdsLinks(node);
      }

      @Override
      public double waitMs(int node, StepBatch batch, double nowMs) {
        double waitA = a.holdsLinks(node) ? a.waitMs(node, batch, nowMs) : 0;
        double waitB = b.holdsLinks(node) ? b.waitMs(node, batch, nowMs) : 0;
        return Math.max(waitA, waitB);
      }
    };
  }
}
