package dev.fabricplanner.core.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * One transport considered for a hop: its estimate (null when it could not be estimated) and the reason
 * codes that explain its fate, with a line of detail for people.
 */
public record Candidate(Transport transport, Estimate estimate, List<ReasonCode> reasons, String detail) {
  public Candidate {
    reasons = List.copyOf(reasons);
  }

  /** True when a rule ruled it out (failed probe, missing measurement, over the cap ...). */
  public boolean disqualified() {
    return reasons.stream().anyMatch(r -> r.kind() == ReasonCode.Kind.SKIP);
  }

  public boolean has(ReasonCode reason) {
    return reasons.contains(reason);
  }

  /** The same candidate with one more reason code and, when given, a detail line. */
  Candidate with(ReasonCode reason, String moreDetail) {
    List<ReasonCode> more = new ArrayList<>(reasons);
    if (!more.contains(reason)) {
      more.add(reason);
    }
    String newDetail = moreDetail == null ? detail
        : detail == null || detail.isEmpty() ? moreDetail : detail + "; " + moreDetail;
    return new Candidate(transport, estimate, more, newDetail);
  }
}
