package dev.fabricplanner.probe.fabric;

import java.util.List;
import java.util.Locale;

/** What this host's libfabric offers, as the text table of {@code probe-agent list}. */
public final class ProviderTable {
  private ProviderTable() {}

  /**
   * One line per provider/fabric/domain/endpoint type, then one per wanted provider that is
   * missing, with its reason.
   */
  public static String render(List<FabricProvider> providers, List<ProviderLookup> missing) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%-16s %-6s %-16s %-10s %-8s %-5s %-20s %-32s %s%n",
        "provider", "type", "fabric", "domain", "rma", "hmem", "max message", "caps",
        "mr_mode"));
    for (FabricProvider p : providers) {
      out.append(String.format(Locale.ROOT, "%-16s %-6s %-16s %-10s %-8s %-5s %-20s %-32s %s%n",
          p.provider(), p.endpointType().cliName(), p.fabric(), p.domain(),
          p.rma().name().toLowerCase(Locale.ROOT), p.hmem() ? "yes" : "no",
          p.maxMessageBytes() == Long.MAX_VALUE ? "unlimited" : p.maxMessageBytes() + " B",
          String.join(",", p.capNames()), p.mrModeNames().isEmpty() ? "-"
              : String.join(",", p.mrModeNames())));
    }
    for (ProviderLookup lookup : missing) {
      if (!lookup.isFound()) {
        out.append("skipped ").append(lookup.skipReason()).append(System.lineSeparator());
      }
    }
    return out.toString();
  }
}
