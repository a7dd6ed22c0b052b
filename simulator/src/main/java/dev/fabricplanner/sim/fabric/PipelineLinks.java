package dev.fabricplanner.sim.fabric;

import dev.fabricplanner.sim.cluster.StepLinks;
import dev.fabricplanner.sim.exec.PipelineStepModel;
import dev.fabricplanner.sim.exec.StepBatch;
import dev.fabricplanner.sim.result.PipelineHopSummary;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cross-host pipeline hops on the fabric's links. A step of a server whose stage s + 1 is on another
 * host than stage s books both hosts' NIC groups (the names KV transfers use, so the two contend) in the
 * {@link LinkLedger} when it starts, for its pp micro-batches' sends back to back: pp × the planner's
 * time for one micro-batch's activations. The step waits until the links are free. This approximates the
 * micro-batches' sends, which in the engine are spread over the step, by one block at its start: the
 * link's busy time per step is right, its position within the step is not.
 */
public final class PipelineLinks implements StepLinks {
  private final FabricBinding binding;
  private final boolean[] holds;
  private final int pp;
  private final LinkLedger ledger;
  private final double activationBytesPerToken;
  private final double measureFromMs;
  private final TreeMap<String, Long> bytesByTransport = new TreeMap<>();
  private long sends;
  private long extrapolated;
  private double waitSumMs;

  /** @param hops per node, its stage hops (which of them cross hosts never changes) */
  PipelineLinks(FabricBinding binding, StageHop[][] hops, int pp, LinkLedger ledger,
      double activationBytesPerToken, double measureFromMs) {
    this.binding = binding;
    this.pp = pp;
    this.ledger = ledger;
    this.activationBytesPerToken = activationBytesPerToken;
    this.measureFromMs = measureFromMs;
    holds = new boolean[hops.length];
    for (int node = 0; node < hops.length; node++) {
      for (StageHop hop : hops[node]) {
        holds[node] |= hop.crossHost();
      }
    }
  }

  @Override
  public boolean holdsLinks(int node) {
    return holds[node];
  }

  @Override
  public double waitMs(int node, StepBatch batch, double nowMs) {
    int tokens = PipelineStepModel.microBatchTokens(batch, pp);
    double wait = 0;
    for (StageHop hop : binding.stageHops(node)) {
      if (!hop.crossHost()) {
        continue;
      }
      String transport = hop.price().transportFor(tokens);
      String[] ends = binding.hostLinks(hop.fromHost(), hop.toHost(), transport);
      double start = ledger.reserve(ends[0], ends[1], nowMs, pp * hop.price().ms(tokens));
      wait = Math.max(wait, start - nowMs);
      if (nowMs >= measureFromMs) {
        sends += pp;
        waitSumMs += start - nowMs;
        bytesByTransport.merge(transport, Math.round(pp * tokens * activationBytesPerToken),
            Long::sum);
        if (hop.price().extrapolates(tokens)) {
          extrapolated += pp;
        }
      }
    }
    return wait;
  }

  /** The hops' figures for the result. */
  public PipelineHopSummary summary() {
    return new PipelineHopSummary(sends, new TreeMap<>(bytesByTransport), extrapolated,
        meanWaitMs());
  }

  /** Micro-batch sends over cross-host hops in the measured part of the run. */
  public long sends() {
    return sends;
  }

  /** Of those, sends whose size lay beyond the measured sweep (reason EXTRAPOLATED). */
  public long extrapolated() {
    return extrapolated;
  }

  /** Activation bytes the measured sends moved, by transport. */
  public Map<String, Long> bytesByTransport() {
    return bytesByTransport;
  }

  /** Mean time a step waited for its hop links, over the measured steps that booked them. */
  public double meanWaitMs() {
    return sends > 0 ? waitSumMs * pp / sends : 0;
  }
}
