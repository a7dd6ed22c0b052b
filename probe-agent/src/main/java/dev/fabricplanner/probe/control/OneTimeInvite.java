package dev.fabricplanner.probe.control;

import java.util.concurrent.atomic.AtomicBoolean;

/** The server's side of an invite: its secret, which admits exactly one joiner. */
final class OneTimeInvite {
  private final InviteSecret secret;
  private final AtomicBoolean used = new AtomicBoolean();

  OneTimeInvite(InviteSecret secret) {
    this.secret = secret;
  }

  InviteSecret secret() {
    return secret;
  }

  /** True for the first good proof only; every later one, even with the right secret, is refused. */
  boolean claim() {
    return used.compareAndSet(false, true);
  }
}
