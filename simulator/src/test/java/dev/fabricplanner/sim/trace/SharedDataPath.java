package dev.fabricplanner.sim.trace;

import java.nio.file.Path;

/** {@link SharedData} for tests in other packages. */
public final class SharedDataPath {
  private SharedDataPath() {}

  public static Path of(String relative) {
    return SharedData.path(relative);
  }
}
