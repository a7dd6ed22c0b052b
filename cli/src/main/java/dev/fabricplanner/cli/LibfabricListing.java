package dev.fabricplanner.cli;

import dev.fabricplanner.probe.fabric.FabricProvider;
import dev.fabricplanner.probe.fabric.Libfabric;
import dev.fabricplanner.probe.fabric.LibfabricLoad;
import dev.fabricplanner.probe.fabric.ProviderDiscovery;
import dev.fabricplanner.probe.fabric.ProviderQuery;
import java.util.ArrayList;
import java.util.List;

/** The libfabric part of {@code probe-agent list}: what fi_getinfo offers, one line per entry, like fi_info. */
final class LibfabricListing {
  private LibfabricListing() {}

  static List<String> lines() {
    LibfabricLoad load = Libfabric.load();
    if (!load.isLoaded()) {
      return List.of("not available (" + load.skipReason() + ")");
    }
    Libfabric library = load.library();
    List<String> lines = new ArrayList<>();
    lines.add("libfabric " + library.version() + " at " + library.path());
    ProviderDiscovery discovery = new ProviderDiscovery(library);
    List<FabricProvider> providers = discovery.list(ProviderQuery.any());
    for (FabricProvider p : providers) {
      lines.add(String.format(
          "provider %-14s endpoint %-5s fabric %-18s domain %-8s hmem %-5s rma %-8s max_msg %d",
          p.provider(), p.endpointType().cliName(), p.fabric(), p.domain(), p.hmem(),
          p.rma().name().toLowerCase(java.util.Locale.ROOT), p.maxMessageBytes()));
    }
    lines.add("built in: " + String.join(", ", discovery.builtInProviders()));
    return lines;
  }
}
