package dev.fabricplanner.core.record;

import java.util.Objects;

/**
 * One GPU of a host.
 *
 * @param id stable id: the CUDA/NVML UUID ({@code GPU-xxxxxxxx-...}); unique within the record
 * @param index CUDA device ordinal on this host
 * @param name marketing name as NVML reports it (e.g. "NVIDIA H100 80GB HBM3")
 * @param vramBytes total device memory in bytes
 * @param pciBusId PCI bus id ({@code 0000:18:00.0}), or null when unknown
 * @param numaNode NUMA node the GPU is attached to, or null when unknown
 */
public record Gpu(String id, int index, String name, long vramBytes, String pciBusId, Integer numaNode) {
  public Gpu {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    if (index < 0 || vramBytes < 0) {
      throw new IllegalArgumentException("index and vramBytes must be >= 0");
    }
  }
}
