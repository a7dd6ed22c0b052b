package dev.fabricplanner.probe.run;

import dev.fabricplanner.core.record.Fabric;

/**
 * A transport this host can measure against a peer: QUIC, or one libfabric provider. Both peers offer
 * their backends by {@link #key()}; those with the same key on both sides are tested, one at a time.
 */
public interface ProbeBackend {
  /** What the peers match on: equal keys mean a shared fabric (backend, provider, endpoint type, fabric name). */
  String key();

  /** This host's entry for the record (status ok: it is offered and opens). */
  Fabric fabric();

  /** The side that drives the test and measures. */
  BackendRole initiator(PeerContext peer);

  /** The side that answers (echoes, sinks, posts receives). */
  BackendRole responder(PeerContext peer);
}
