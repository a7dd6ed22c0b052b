package dev.fabricplanner.probe.fabric;

import java.util.List;

/**
 * What one query found: the matching providers, or why none matched (a skip reason).
 *
 * @param query what was asked
 * @param found matching providers, first the one fi_getinfo ranks best; empty when skipped
 * @param skipReason why nothing matched, or null when something did
 */
public record ProviderLookup(ProviderQuery query, List<FabricProvider> found, String skipReason) {
  public ProviderLookup {
    found = List.copyOf(found);
  }

  public boolean isFound() {
    return !found.isEmpty();
  }

  /** The provider fi_getinfo ranked first. */
  public FabricProvider best() {
    if (found.isEmpty()) {
      throw new IllegalStateException("nothing found for " + query + ": " + skipReason);
    }
    return found.get(0);
  }
}
