package dev.fabricplanner.sim.sweep;

import java.util.List;

/**
 * One axis of a sweep grid: a config key by path ({@code workload.arrival.rps},
 * {@code topology.gpu_profiles[0].share}, {@code seed}, {@code strategies}) or a {@code planner sim}
 * option (a key starting with {@code --}, such as {@code --trace}), and the values it takes.
 */
public record GridAxis(String key, List<Object> values) {
  public GridAxis {
    values = List.copyOf(values);
  }

  /** True when the axis is passed to {@code planner sim} as an option rather than set in the config. */
  public boolean isSimOption() {
    return key.startsWith("--");
  }
}
