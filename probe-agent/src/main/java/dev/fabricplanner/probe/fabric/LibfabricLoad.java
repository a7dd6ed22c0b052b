package dev.fabricplanner.probe.fabric;

import java.util.Optional;

/**
 * The outcome of loading libfabric: the bound library, or why it is skipped (absent, wrong ABI).
 *
 * @param library the bound library, or null when skipped
 * @param skipReason one line saying why libfabric is unusable here, or null when loaded
 */
public record LibfabricLoad(Libfabric library, String skipReason) {
  public LibfabricLoad {
    if ((library == null) == (skipReason == null)) {
      throw new IllegalArgumentException("exactly one of library and skipReason must be given");
    }
  }

  static LibfabricLoad loaded(Libfabric library) {
    return new LibfabricLoad(library, null);
  }

  static LibfabricLoad skipped(String reason) {
    return new LibfabricLoad(null, reason);
  }

  public boolean isLoaded() {
    return library != null;
  }

  public Optional<Libfabric> libraryIfLoaded() {
    return Optional.ofNullable(library);
  }
}
