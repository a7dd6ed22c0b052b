package dev.fabricplanner.sim.exec;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the shared calibration runs are: ../shared/data from the worktree, found from the module. */
final class CalibrationData {
  private CalibrationData() {}

  static Path experiments() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path at = dir; at != null; at = at.getParent()) {
      Path candidate = at.resolve("shared/data/vllm-calibration/experiments.json");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("shared/data/vllm-calibration/experiments.json not found above "
        + dir + "; the tests read the real calibration runs");
  }
}
