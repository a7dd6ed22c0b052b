package dev.fabricplanner.core.plan;

import dev.fabricplanner.core.record.Endpoint;
import java.util.List;

/**
 * The transport chosen for one hop and why: the chosen candidate (null when nothing can carry the hop),
 * every other candidate with its estimate and reason codes, and the ordered fallback chain.
 *
 * @param src the sending end
 * @param dst the receiving end
 * @param traffic what crosses the hop
 * @param outcome the decision itself, free of endpoint identities (equal for equivalent hops)
 */
public record HopDecision(Endpoint src, Endpoint dst, HopTraffic traffic, HopOutcome outcome) {

  public Candidate chosen() {
    return outcome.chosen();
  }

  public List<Candidate> alternatives() {
    return outcome.alternatives();
  }

  public List<Transport> fallbackChain() {
    return outcome.fallbackChain();
  }

  /**
   * The decision for a hop.
   *
   * @param chosen the chosen candidate, or null when every transport is ruled out
   * @param meetsLatencyCap false when the chosen candidate is over the cap (nothing met it)
   * @param alternatives every other candidate, best first
   * @param fallbackChain transports to fall back to in order, the chosen one first
   * @param notes hop-level notes (STALE_RECORD when an end's record is stale)
   */
  public record HopOutcome(
      Candidate chosen,
      boolean meetsLatencyCap,
      List<Candidate> alternatives,
      List<Transport> fallbackChain,
      List<ReasonCode> notes) {
    public HopOutcome {
      alternatives = List.copyOf(alternatives);
      fallbackChain = List.copyOf(fallbackChain);
      notes = List.copyOf(notes);
    }
  }
}
