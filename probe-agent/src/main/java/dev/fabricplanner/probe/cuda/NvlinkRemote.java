package dev.fabricplanner.probe.cuda;

/**
 * The far end of one active NVLink, as NVML reports it.
 *
 * @param toSwitch the far end is an NVSwitch (HGX/DGX boards), not a GPU
 * @param address the far end's PCI address; null when NVML did not say
 */
public record NvlinkRemote(boolean toSwitch, PciAddress address) {}
