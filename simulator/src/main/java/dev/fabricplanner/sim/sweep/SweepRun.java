package dev.fabricplanner.sim.sweep;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of an expanded grid.
 *
 * @param index position in the expanded grid (a Slurm array index or a Kubernetes completion index)
 * @param id stable name from the parameters alone: a readable slug and a short hash
 * @param params axis key to value, in the grid's axis order
 * @param simArgs {@code planner sim} options from {@code --} axes, in axis order
 */
public record SweepRun(int index, String id, Map<String, Object> params, List<String> simArgs) {
  public SweepRun {
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    simArgs = List.copyOf(simArgs);
  }
}
