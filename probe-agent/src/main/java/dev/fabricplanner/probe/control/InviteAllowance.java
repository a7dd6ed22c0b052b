package dev.fabricplanner.probe.control;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's side of an invite: its secret, and how many joiners it may still admit. A plain
 * {@code serve} admits one; a serve for many joiners or a campaign admits the number it expects, so a
 * leaked token cannot bring in more agents than were planned.
 */
final class InviteAllowance {
  private final InviteSecret secret;
  private final int joiners;
  private final AtomicInteger left;

  InviteAllowance(InviteSecret secret, int joiners) {
    if (joiners < 1) {
      throw new IllegalArgumentException("an invite admits at least one joiner, not " + joiners);
    }
    this.secret = secret;
    this.joiners = joiners;
    this.left = new AtomicInteger(joiners);
  }

  InviteSecret secret() {
    return secret;
  }

  /** True for the first {@code joiners} good proofs; every later one, even with the right secret, is refused. */
  boolean claim() {
    return left.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
  }

  /** Why a good proof past the allowance is refused. */
  String spentReason() {
    return joiners == 1
        ? "this invite was already used"
        : "this invite was already used by its " + joiners + " joiners";
  }
}
