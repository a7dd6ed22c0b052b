package dev.fabricplanner.probe.fabric;

import java.util.Set;

/**
 * Whether a provider's RMA write is done by the NIC (native) or in software by the provider over a
 * two-sided transport (emulated); a planner weighs the two differently.
 */
public enum RmaSupport {
  NATIVE,
  EMULATED,
  NONE;

  /** Providers whose RMA is executed by the adapter itself. */
  private static final Set<String> HARDWARE_RMA = Set.of("verbs", "efa", "cxi", "usnic");

  static RmaSupport of(String provider, long caps) {
    if ((caps & FiAbi.FI_RMA) == 0) {
      return NONE;
    }
    // A layered name ("verbs;ofi_rxm") is native when its core provider is.
    String core = provider.contains(";") ? provider.substring(0, provider.indexOf(';')) : provider;
    return HARDWARE_RMA.contains(core) ? NATIVE : EMULATED;
  }
}
