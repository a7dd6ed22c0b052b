package dev.fabricplanner.sim.fabric;

import dev.fabricplanner.sim.cluster.StepLinks;
import dev.fabricplanner.sim.exec.PipelineStepModel;
import dev.fabricplanner.sim.exec.StepBatch;

/**
 * TP all-reduces on the fabric's links. A step of a server bound at TP > 1 holds its GPUs' links of
 * the ring's transport, both ways (the names a KV transfer into or out of the server uses, so the two
 * contend), for the step's all-reduce time, booked in the {@link LinkLedger} when the step starts; the
 * step waits while a transfer holds them, and a transfer waits for the ring. As with pipeline hops,
 * booking the all-reduces as one block from the step's start gets the link's busy time per step right,
 * not its place within the step.
 */
public final class TpRingLinks implements StepLinks {
  private final FabricBinding binding;
  private final LinkLedger ledger;
  private final int pp;

  TpRingLinks(FabricBinding binding, LinkLedger ledger, int pp) {
    this.binding = binding;
    this.ledger = ledger;
    this.pp = pp;
  }

  @Override
  public boolean holdsLinks(int node) {
    return binding.tpRing(node) != null;
  }

  @Override
  public double waitMs(int node, StepBatch batch, double nowMs) {
    TpRing ring = binding.tpRing(node);
    // Each micro-batch's all-reduces: a pp-th of the batch's tokens, pp times over.
    int tokens = PipelineStepModel.microBatchTokens(batch, pp);
    String transport = ring.transportFor(tokens);
    String[] ends = binding.links(node, node, transport);
    double start = ledger.reserve(ends[0], ends[1], nowMs, pp * ring.ms(tokens));
    return start - nowMs;
  }
}
