package dev.fabricplanner.sim.config;

import java.util.List;

/** Multi-Instance GPU slicing: when enabled, each node's GPU is split into the listed slices. */
public record MigConfig(boolean enable, List<MigProfile> profiles) {
  public MigConfig {
    profiles = List.copyOf(profiles);
  }

  public static MigConfig disabled() {
    return new MigConfig(false, List.of());
  }
}
