package dev.fabricplanner.core.record;

/**
 * The PCIe/NVLink path between two devices, as NCCL classifies it (nearest first). Written in upper case,
 * exactly as NCCL prints it.
 */
public enum PathClass implements WireValue {
  /** Same device. */
  LOC,
  /** Direct NVLink. */
  NVL,
  /** NVLink through an intermediate GPU. */
  NVB,
  /** Chip-to-chip (Grace Hopper C2C). */
  C2C,
  /** At most one PCIe bridge. */
  PIX,
  /** Several PCIe bridges, no host bridge. */
  PXB,
  /** Through an NVLink-connected GPU's PCIe switch (PXN). */
  PXN,
  /** Through a PCIe host bridge (CPU). */
  PHB,
  /** Across the SMP interconnect between NUMA nodes (QPI/UPI). */
  SYS,
  /** Over the network. */
  NET;

  @Override
  public String wire() {
    return name();
  }
}
