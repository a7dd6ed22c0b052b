package dev.fabricplanner.probe.cuda;

/** A PCI device address without the function, enough to tell GPUs apart. */
public record PciAddress(int domain, int bus, int device) {
  /** Parses "0000:18:00.0" (CUDA) or "00000000:18:00.0" (NVML); hex fields. */
  public static PciAddress parse(String busId) {
    String[] parts = busId.trim().split("[:.]");
    if (parts.length < 3) {
      throw new IllegalArgumentException("not a PCI bus id: " + busId);
    }
    return new PciAddress(
        Integer.parseInt(parts[0], 16),
        Integer.parseInt(parts[1], 16),
        Integer.parseInt(parts[2], 16));
  }
}
