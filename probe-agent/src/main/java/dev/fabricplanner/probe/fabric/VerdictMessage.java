package dev.fabricplanner.probe.fabric;

import com.sun.jna.Memory;

/**
 * The responder's counts at the end of a ping-pong, streaming or RMA test, as they cross the
 * fabric: four little-endian longs (stamps checked, contents checked, stamp errors, content
 * errors). The exchange is the same for every test: the initiator posts a receive, both sides meet
 * at the phase's "verdict" barrier (so a datagram verdict finds its receive posted), the responder
 * sends and the initiator reads.
 */
final class VerdictMessage {
  /** Bytes the message occupies at the start of a control buffer. */
  static final int BYTES = 32;

  private VerdictMessage() {}

  static void write(Memory buffer, long stampChecks, long contentChecks, long stampErrors,
      long contentErrors) {
    buffer.setLong(0, stampChecks);
    buffer.setLong(8, contentChecks);
    buffer.setLong(16, stampErrors);
    buffer.setLong(24, contentErrors);
  }

  static Verification read(Memory buffer) {
    return Verification.of(buffer.getLong(0), buffer.getLong(8), buffer.getLong(16),
        buffer.getLong(24));
  }

  /**
   * The initiator's side: receives the verdict into {@code control} at {@code slot} and reads it.
   *
   * @param completions the receive queue's count once the verdict has arrived
   */
  static Verification receive(FabricEndpoint endpoint, RegisteredBuffer control, int slot,
      PeerBarrier barrier, String phase, long completions, Deadline deadline)
      throws FabricException {
    String verdict = phase + " verdict";
    deadline.restart();
    endpoint.postRecv(control, 0, control.size(), slot, deadline);
    barrier.await(verdict);
    deadline.restart(); // the barrier may have taken a while
    endpoint.awaitCompletions(endpoint.rx(), completions, deadline, verdict);
    endpoint.rx().consume();
    return read(control.memory());
  }

  /**
   * The responder's side: sends the verdict already {@link #write written} into {@code control}.
   *
   * @param completions the transmit queue's count once the verdict has gone
   */
  static void send(FabricEndpoint endpoint, RegisteredBuffer control, int slot, long peer,
      PeerBarrier barrier, String phase, long completions, Deadline deadline)
      throws FabricException {
    String verdict = phase + " verdict";
    barrier.await(verdict);
    deadline.restart();
    endpoint.postSend(control, 0, control.size(), peer, slot, deadline);
    endpoint.awaitCompletions(endpoint.tx(), completions, deadline, verdict);
    endpoint.tx().discardPending();
  }
}
