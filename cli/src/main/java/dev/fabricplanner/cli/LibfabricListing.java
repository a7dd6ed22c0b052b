package dev.fabricplanner.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabricplanner.probe.fabric.FabricProvider;
import dev.fabricplanner.probe.fabric.Libfabric;
import dev.fabricplanner.probe.fabric.LibfabricLoad;
import dev.fabricplanner.probe.fabric.ProbeProfile;
import dev.fabricplanner.probe.fabric.ProviderDiscovery;
import dev.fabricplanner.probe.fabric.ProviderLookup;
import dev.fabricplanner.probe.fabric.ProviderQuery;
import dev.fabricplanner.probe.fabric.ProviderTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The libfabric part of {@code probe-agent list}: every entry fi_getinfo offers (like fi_info), and each
 * profile's provider this host lacks, with the reason.
 */
final class LibfabricListing {
  private final LibfabricLoad load;
  private final List<FabricProvider> providers;
  private final List<ProviderLookup> missing;

  private LibfabricListing(LibfabricLoad load, List<FabricProvider> providers, List<ProviderLookup> missing) {
    this.load = load;
    this.providers = providers;
    this.missing = missing;
  }

  static LibfabricListing discover() {
    LibfabricLoad load = Libfabric.load();
    if (!load.isLoaded()) {
      return new LibfabricListing(load, List.of(), List.of());
    }
    ProviderDiscovery discovery = new ProviderDiscovery(load.library());
    List<ProviderLookup> missing = new ArrayList<>();
    for (ProbeProfile profile : ProbeProfile.values()) {
      for (ProviderLookup lookup : discovery.select(profile, null, null)) {
        if (!lookup.isFound()) {
          missing.add(lookup);
        }
      }
    }
    return new LibfabricListing(load, discovery.list(ProviderQuery.any()), missing);
  }

  List<String> lines() {
    if (!load.isLoaded()) {
      return List.of("not available (" + load.skipReason() + ")");
    }
    List<String> lines = new ArrayList<>();
    lines.add("libfabric " + load.library().version() + " at " + load.library().path());
    lines.addAll(ProviderTable.render(providers, missing).lines().toList());
    return lines;
  }

  void addTo(ObjectNode root) {
    ObjectNode node = root.putObject("libfabric");
    node.put("loaded", load.isLoaded());
    if (!load.isLoaded()) {
      node.put("reason", load.skipReason());
      return;
    }
    node.put("version", load.library().version());
    node.put("path", load.library().path());
    ArrayNode list = node.putArray("providers");
    for (FabricProvider p : providers) {
      ObjectNode entry = list.addObject();
      entry.put("provider", p.provider());
      entry.put("endpoint_type", p.endpointType().cliName());
      entry.put("fabric", p.fabric());
      entry.put("domain", p.domain());
      entry.put("rma", p.rma().name().toLowerCase(Locale.ROOT));
      entry.put("hmem", p.hmem());
      entry.put("max_message_bytes", p.maxMessageBytes());
      p.capNames().forEach(entry.putArray("caps")::add);
    }
    ArrayNode skipped = node.putArray("skipped");
    for (ProviderLookup lookup : missing) {
      skipped.addObject().put("provider", lookup.query().provider()).put("reason", lookup.skipReason());
    }
  }
}
