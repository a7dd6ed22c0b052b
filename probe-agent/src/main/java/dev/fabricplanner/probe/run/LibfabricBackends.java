package dev.fabricplanner.probe.run;

import dev.fabricplanner.core.record.Fabric;
import dev.fabricplanner.probe.fabric.FabricProvider;
import dev.fabricplanner.probe.fabric.Libfabric;
import dev.fabricplanner.probe.fabric.LibfabricLoad;
import dev.fabricplanner.probe.fabric.LinkRecords;
import dev.fabricplanner.probe.fabric.ProbeProfile;
import dev.fabricplanner.probe.fabric.ProviderDiscovery;
import dev.fabricplanner.probe.fabric.ProviderLookup;
import dev.fabricplanner.probe.fabric.ProviderQuery;
import dev.fabricplanner.probe.fabric.TestPlan;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The libfabric profiles' backends: one per provider fi_getinfo offers (the best-ranked domain of
 * each), and a skipped fabric with the reason for each one it does not (or for all, when libfabric
 * itself is absent).
 */
final class LibfabricBackends {
  private LibfabricBackends() {}

  static void add(
      ProbeOptions options,
      LibfabricLoad load,
      TestPlan plan,
      List<ProbeBackend> backends,
      List<Fabric> unavailable,
      List<String> notes) {
    Set<String> keys = new HashSet<>();
    for (String name : options.profiles()) {
      ProbeProfile profile = ProbeProfile.parse(name);
      if (profile == null) {
        continue; // quic and nvlink are not libfabric
      }
      if (!load.isLoaded()) {
        for (ProviderQuery query : profile.queries()) {
          if (options.provider() == null || options.provider().equals(query.provider())) {
            unavailable.add(LinkRecords.skipped(query, load.skipReason()));
          }
        }
        continue;
      }
      ProviderDiscovery discovery = new ProviderDiscovery(load.library());
      for (ProviderLookup lookup : discovery.select(profile, options.domain(), options.srcNode())) {
        ProviderQuery query = lookup.query();
        if (options.provider() != null && !options.provider().equals(query.provider())) {
          continue;
        }
        if (options.endpointType() != null) {
          query = new ProviderQuery(query.provider(), endpointTypeOf(options.endpointType()), query.domain(), query.srcNode());
          lookup = discovery.lookup(query);
        }
        if (!lookup.isFound()) {
          unavailable.add(LinkRecords.skipped(query, lookup.skipReason()));
          continue;
        }
        FabricProvider best = lookup.best();
        LibfabricProbeBackend backend =
            new LibfabricProbeBackend(load.library(), best, planFor(best, plan));
        if (keys.add(backend.key())) {
          backends.add(backend);
          notes.add(name + ": " + best.provider() + " " + best.endpointType().cliName() + " on " + best.fabric() + " (" + best.domain() + ")");
        }
      }
    }
  }

  private static dev.fabricplanner.probe.fabric.EndpointType endpointTypeOf(String cliName) {
    for (dev.fabricplanner.probe.fabric.EndpointType type : dev.fabricplanner.probe.fabric.EndpointType.values()) {
      if (type.cliName().equals(cliName)) {
        return type;
      }
    }
    throw new IllegalArgumentException("unknown endpoint type " + cliName);
  }

  /** The plan one provider runs: capped to its largest message, lightened where progress is slow. */
  static TestPlan planFor(FabricProvider provider, TestPlan plan) {
    TestPlan capped = plan.capTo(provider.maxMessageBytes());
    return SLOW_PROGRESS.contains(provider.coreProvider()) ? capped.lightened() : capped;
  }

  /** Providers whose progress thread sleeps between polls, costing milliseconds per message. */
  private static final Set<String> SLOW_PROGRESS = Set.of("sockets");

  /** The test plan for the sweep chosen. */
  static TestPlan plan(boolean quick) {
    return quick ? TestPlan.quick() : TestPlan.standard();
  }

  static LibfabricLoad load() {
    return Libfabric.load();
  }
}
