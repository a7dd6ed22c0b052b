package dev.fabricplanner.sim.trace;

import java.nio.file.Files;
import java.nio.file.Path;

/** The project's shared read-only data (../shared/data beside the worktree), found from the module. */
final class SharedData {
  private SharedData() {}

  static Path path(String relative) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path data = dir.resolve("shared").resolve("data");
      if (Files.isDirectory(data)) {
        return data.resolve(relative);
      }
    }
    throw new IllegalStateException("no shared/data folder above " + Path.of("").toAbsolutePath());
  }
}
