package dev.fabricplanner.core.record;

/** The likely reason a link measured well below its path's nominal speed. */
public enum ShortfallCause implements WireValue {
  /** Traffic went through TCP/sockets although an RDMA fabric was probed. */
  TCP_FALLBACK,
  /** GPU buffers were staged through host memory: FI_HMEM / GPUDirect RDMA not in use. */
  GPUDIRECT_OFF,
  /** The NIC sits on another CPU socket / NUMA node than the GPU or buffer that used it. */
  REMOTE_NUMA,
  /** The path MTU is below the fabric's (e.g. 1500 on a 9000-byte network). */
  MTU,
  /** Below nominal, and none of the causes above was found. */
  UNKNOWN;

  @Override
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
