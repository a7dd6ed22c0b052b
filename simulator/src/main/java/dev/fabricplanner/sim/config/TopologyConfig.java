package dev.fabricplanner.sim.config;

import java.util.List;

/**
 * The fleet: {@code cells} cells of {@code nodesPerCell} nodes, one GPU (or its MIG slices) per
 * node. Nodes take GPU profiles in proportion to each profile's {@code share}.
 */
public record TopologyConfig(
    int cells, int nodesPerCell, List<GpuProfile> gpuProfiles, MigConfig mig) {

  public TopologyConfig {
    gpuProfiles = List.copyOf(gpuProfiles);
  }

  public long totalNodes() {
    return (long) cells * nodesPerCell;
  }

  /** Sum of the profiles' shares (shares are relative weights). */
  public double totalShare() {
    return gpuProfiles.stream().mapToDouble(GpuProfile::share).sum();
  }
}
