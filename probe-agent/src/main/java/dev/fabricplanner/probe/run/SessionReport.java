package dev.fabricplanner.probe.run;

import java.util.List;

/**
 * The end of a probe session on one side.
 *
 * @param local what this side offered
 * @param peer what the peer offered (null if it never said)
 * @param initiator whether this side drove the tests (and so measured them)
 * @param outcomes one per backend this side offered, in order
 */
public record SessionReport(HostOffer local, HostOffer peer, boolean initiator, List<BackendOutcome> outcomes) {
  public SessionReport {
    outcomes = List.copyOf(outcomes);
  }
}
