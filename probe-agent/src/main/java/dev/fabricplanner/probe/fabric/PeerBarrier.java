package dev.fabricplanner.probe.fabric;

/**
 * A meeting point of the two roles before each test phase, after both have posted their receive
 * buffers, so that no message reaches a datagram endpoint before its receive is posted. In the
 * embedded loopback run it is a {@link java.util.concurrent.CyclicBarrier}; between hosts the
 * control plane implements it with one control message each way.
 */
@FunctionalInterface
public interface PeerBarrier {
  /**
   * Returns once the peer reached the same phase.
   *
   * @param phase a name both sides give for the same phase (e.g. "pingpong 4096")
   * @throws FabricException when the peer does not arrive in time or has given up
   */
  void await(String phase) throws FabricException;
}
