package dev.fabricplanner.cli;

import java.util.List;

/** The libfabric part of {@code probe-agent list}. */
final class LibfabricListing {
  private LibfabricListing() {}

  static List<String> lines() {
    return List.of("(libfabric probe not part of this build yet: branch fabric)");
  }
}
