package dev.fabricplanner.sim.cluster;

import dev.fabricplanner.sim.exec.StepBatch;

/**
 * Links a server's steps hold beyond its own GPUs (a pipeline stage on another host): a step books
 * them when it starts and waits while others hold them.
 */
public interface StepLinks {
  /** Whether {@code node}'s steps hold shared links (each step is then its own event). */
  boolean holdsLinks(int node);

  /** Books the links a step of {@code batch} holds from {@code nowMs}; returns how long it waits. */
  double waitMs(int node, StepBatch batch, double nowMs);
}
