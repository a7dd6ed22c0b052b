package dev.fabricplanner.core.plan;

/** Stage transports, in the preference order that breaks ties between equal estimates. */
public enum TransportKind {
  /** CUDA peer copies over NVLink (CUDA IPC between processes). */
  NVLINK,
  /** CUDA peer copies over PCIe P2P, without NVLink. */
  CUDA_IPC,
  /** A libfabric provider (RDMA such as verbs, efa, cxi; or tcp, sockets, shm). */
  LIBFABRIC,
  /** QUIC streams: always possible, the last fallback. */
  QUIC
}
