package dev.fabricplanner.probe.cuda;

/**
 * One GPU as the probe saw it.
 *
 * @param index CUDA device ordinal (as CUDA_VISIBLE_DEVICES presents it)
 * @param uuid "GPU-xxxxxxxx-..." as NVML and nvidia-smi print it
 * @param pciBusId "0000:18:00.0" as cudaDeviceGetPCIBusId prints it
 * @param numaNode host NUMA node nearest the GPU, -1 when the platform does not say
 * @param computeCapability "9.0" for Hopper
 * @param nvlinkActiveLinks links NVML reports active, 0 when none or NVML is absent
 * @param nvlinkSwitchLinks active links whose far end is an NVSwitch
 */
public record GpuInfo(
    int index,
    String uuid,
    String name,
    long vramBytes,
    String pciBusId,
    int numaNode,
    String computeCapability,
    int nvlinkActiveLinks,
    int nvlinkSwitchLinks) {}
