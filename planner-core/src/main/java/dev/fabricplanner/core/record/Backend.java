package dev.fabricplanner.core.record;

/** The family of transport a fabric or measurement belongs to. */
public enum Backend implements WireValue {
  /** A libfabric provider (verbs, efa, cxi, tcp, sockets, shm, udp ...). */
  LIBFABRIC,
  /** CUDA peer access between GPUs of one host (NVLink or PCIe P2P, CUDA IPC). */
  CUDA,
  /** QUIC streams over UDP: works everywhere, the last fallback. */
  QUIC;

  @Override
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
