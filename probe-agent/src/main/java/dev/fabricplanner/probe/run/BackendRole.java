package dev.fabricplanner.probe.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * One side's part in one backend's test. The session opens both sides, swaps what {@link #open} returned
 * over the control stream, then runs both at once; {@link #close} always follows.
 */
public interface BackendRole extends AutoCloseable {
  /** Opens this side's endpoint; the details (an endpoint name, a port and ticket) go to the peer. */
  ObjectNode open() throws BackendFailure;

  /**
   * Runs this side's part with the peer's details. The initiator returns the measurement; a responder
   * returns empty once it has served (or at once, if it serves in the background until closed).
   */
  Optional<BackendMeasurement> run(ObjectNode peerDetails, PhaseBarrier barrier) throws BackendFailure;

  @Override
  void close();
}
