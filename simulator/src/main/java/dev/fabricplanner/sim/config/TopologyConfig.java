package dev.fabricplanner.sim.config;

import java.util.List;

/**
 * The fleet: {@code cells} cells of {@code nodesPerCell} nodes, one GPU (or its MIG slices) per
 * node. Nodes take GPU profiles in proportion to each profile's {@code share}; every server runs the
 * serving engine described by {@code engine}.
 */
public record TopologyConfig(
    int cells, int nodesPerCell, List<GpuProfile> gpuProfiles, MigConfig mig, EngineSettings engine) {

  /** A topology whose servers run the default engine settings. */
  public TopologyConfig(int cells, int nodesPerCell, List<GpuProfile> gpuProfiles, MigConfig mig) {
    this(cells, nodesPerCell, gpuProfiles, mig, EngineSettings.defaults());
  }

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
