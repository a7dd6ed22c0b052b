package dev.fabricplanner.core.record;

/** A NIC's or interconnect's link layer, as the probe found it (ibv port attributes, sysfs, NVML). */
public enum LinkLayer implements WireValue {
  INFINIBAND,
  /** Ethernet, RoCE and Slingshot (an Ethernet-compatible fabric) included. */
  ETHERNET,
  /** What verbs reports for AWS EFA devices. */
  UNSPECIFIED,
  NVLINK,
  PCIE,
  /** Shared memory inside one host (libfabric shm). */
  SHARED_MEMORY;

  @Override
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
