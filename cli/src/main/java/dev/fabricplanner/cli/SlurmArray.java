package dev.fabricplanner.cli;

import dev.fabricplanner.sim.sweep.SweepGrid;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A sweep as one Slurm job array: an sbatch script whose task {@code $SLURM_ARRAY_TASK_ID} runs
 * {@code planner sweep-task} for that index on a shared output folder, at most {@code maxConcurrent}
 * tasks at once ({@code --array=LIST%M}). Paths are absolute so that a task runs from any node.
 */
record SlurmArray(
    SweepGrid grid, Path gridFile, Path output, List<Integer> indices, int maxConcurrent, String launcher,
    Path workDir, List<String> sbatchOptions) {

  /** The script's name in the output folder. */
  static final String SCRIPT = "sweep.sbatch";

  String script() {
    StringBuilder s = new StringBuilder("#!/bin/bash\n");
    s.append("# planner sweep: ").append(indices.size()).append(" of ").append(grid.runs().size())
        .append(" runs of ").append(gridFile).append(" (grid ").append(grid.fingerprint()).append(")\n");
    s.append("#SBATCH --job-name=planner-sweep-").append(grid.fingerprint(), 0, 8).append('\n');
    s.append("#SBATCH --array=").append(arraySpec(indices)).append('%').append(maxConcurrent).append('\n');
    s.append("#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=1\n");
    s.append("#SBATCH --output=").append(output.resolve("logs").resolve("slurm-%A_%a.out")).append('\n');
    s.append("#SBATCH --chdir=").append(workDir).append('\n');
    for (String option : sbatchOptions) {
      s.append("#SBATCH ").append(option).append('\n');
    }
    s.append("set -euo pipefail\n");
    s.append("exec ").append(launcher).append(" sweep-task --grid ").append(quote(gridFile.toString()))
        .append(" --index \"$SLURM_ARRAY_TASK_ID\" --output ").append(quote(output.toString())).append('\n');
    return s.toString();
  }

  /** Where a task's stdout and stderr go, for reporting a failed index. */
  Path logFile(String jobId, int index) {
    return output.resolve("logs").resolve("slurm-" + jobId + "_" + index + ".out");
  }

  /** Indices as Slurm's array list: ranges joined by commas ({@code 0-3,5,7-9}). */
  static String arraySpec(List<Integer> indices) {
    List<String> parts = new ArrayList<>();
    int i = 0;
    while (i < indices.size()) {
      int start = indices.get(i);
      int end = start;
      while (i + 1 < indices.size() && indices.get(i + 1) == end + 1) {
        end = indices.get(++i);
      }
      parts.add(start == end ? Integer.toString(start) : start + "-" + end);
      i++;
    }
    return String.join(",", parts);
  }

  /** A word for bash: single-quoted, with any single quote closed, escaped and reopened. */
  static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
