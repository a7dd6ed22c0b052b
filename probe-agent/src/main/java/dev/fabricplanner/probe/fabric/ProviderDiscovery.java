package dev.fabricplanner.probe.fabric;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Provider discovery with fi_getinfo, as {@code fi_info} does it. Providers are asked for FI_HMEM
 * first and again without it (as NIXL does), so that a provider that cannot do device memory is
 * still found, and the record says which could.
 */
public final class ProviderDiscovery {
  private final Libfabric library;

  public ProviderDiscovery(Libfabric library) {
    this.library = library;
  }

  /** Every provider/fabric/domain/endpoint type matching the query, in fi_getinfo's order. */
  public List<FabricProvider> list(ProviderQuery query) {
    return lookup(query).found();
  }

  /** The providers matching the query, or the reason none does. */
  public ProviderLookup lookup(ProviderQuery query) {
    int[] error = new int[1];
    List<FabricProvider> withHmem = collect(
        new InfoRequest(library, query)
            .caps(FiAbi.FI_MSG | FiAbi.FI_HMEM)
            .extraMrModes(FiAbi.FI_MR_HMEM),
        query, true, error);
    // caps 0 asks for everything the provider can do, so FI_RMA shows where it is offered.
    List<FabricProvider> plain = collect(new InfoRequest(library, query).caps(0), query, false, error);
    Map<String, FabricProvider> merged = new LinkedHashMap<>();
    for (FabricProvider provider : plain) {
      merged.putIfAbsent(key(provider), provider);
    }
    for (FabricProvider provider : withHmem) {
      FabricProvider known = merged.get(key(provider));
      merged.put(key(provider), known == null ? provider : withHmemFlag(known));
    }
    if (!merged.isEmpty()) {
      return new ProviderLookup(query, new ArrayList<>(merged.values()), null);
    }
    return new ProviderLookup(query, List.of(), whyMissing(query, error[0]));
  }

  /** Each of the profile's providers, found or skipped with a reason; overrides narrow it. */
  public List<ProviderLookup> select(ProbeProfile profile, String domain, String srcNode) {
    List<ProviderLookup> lookups = new ArrayList<>();
    for (ProviderQuery query : profile.queries()) {
      ProviderQuery narrowed = query.withDomain(domain);
      if (srcNode != null && ProbeProfile.usesIpAddresses(query.provider())) {
        narrowed = narrowed.withSrcNode(srcNode);
      }
      lookups.add(lookup(narrowed));
    }
    return lookups;
  }

  /** The providers built into this libfabric, whether or not this host has their hardware. */
  public List<String> builtInProviders() {
    PointerByReference list = new PointerByReference();
    int rc = library.getinfo.invokeInt(new Object[] {
        library.requestedApiVersion(), null, null, FiAbi.FI_PROV_ATTR_ONLY, null, list});
    library.keepJvmSignalHandlers();
    List<String> names = new ArrayList<>();
    if (rc != 0) {
      return names;
    }
    try {
      for (Pointer info = list.getValue(); info != null;
          info = info.getPointer(FiAbi.INFO_NEXT)) {
        Pointer fabric = info.getPointer(FiAbi.INFO_FABRIC_ATTR);
        Pointer name = fabric == null ? null : fabric.getPointer(FiAbi.FABRIC_PROV_NAME);
        if (name != null && !names.contains(name.getString(0))) {
          names.add(name.getString(0));
        }
      }
    } finally {
      InfoRequest.free(library, list.getValue());
    }
    return names;
  }

  private List<FabricProvider> collect(InfoRequest request, ProviderQuery query, boolean hmem,
      int[] error) {
    int[] code = new int[1];
    Pointer head = request.run(code);
    List<FabricProvider> found = new ArrayList<>();
    if (head == null) {
      if (error[0] == 0 || code[0] != -FiAbi.FI_ENODATA) {
        error[0] = code[0];
      }
      return found;
    }
    try {
      for (Pointer info = head; info != null; info = info.getPointer(FiAbi.INFO_NEXT)) {
        FabricProvider provider = InfoRequest.describe(info, hmem);
        if (provider.endpointType() != null && InfoRequest.matchesDomain(info, query)) {
          found.add(provider);
        }
      }
    } finally {
      InfoRequest.free(library, head);
    }
    return found;
  }

  private String whyMissing(ProviderQuery query, int code) {
    String name = query.provider();
    String asked = query.toString();
    if (name != null && !builtInProviders().contains(name)) {
      return name + ": not built into libfabric " + library.version() + " at " + library.path()
          + " (fi_info -l does not list it)";
    }
    String detail = code == 0 ? "no match" : library.describeError(code);
    if (name != null && query.endpointType() != null) {
      List<String> types = offeredTypes(query);
      if (!types.isEmpty()) {
        return name + ": offers no " + query.endpointType().cliName() + " endpoints here, only "
            + String.join(", ", types) + " (fi_getinfo: " + detail + ")";
      }
    }
    if (name != null) {
      return name + ": built in, but fi_getinfo offers no usable " + asked
          + " on this host (" + detail + "): no device, interface or matching endpoint type";
    }
    return "fi_getinfo offers nothing for " + asked + " (" + detail + ")";
  }

  /** The endpoint types the query's provider offers with the rest of the query unchanged. */
  private List<String> offeredTypes(ProviderQuery query) {
    ProviderQuery anyType =
        new ProviderQuery(query.provider(), null, query.domain(), query.srcNode());
    List<String> types = new ArrayList<>();
    for (FabricProvider provider : collect(new InfoRequest(library, anyType).caps(0), anyType,
        false, new int[1])) {
      String type = provider.endpointType().cliName();
      if (!types.contains(type)) {
        types.add(type);
      }
    }
    return types;
  }

  private static String key(FabricProvider provider) {
    return provider.provider() + '|' + provider.fabric() + '|' + provider.domain() + '|'
        + provider.endpointType();
  }

  private static FabricProvider withHmemFlag(FabricProvider p) {
    return new FabricProvider(p.provider(), p.fabric(), p.domain(), p.endpointType(), p.caps(),
        p.mrMode(), true, p.rma(), p.maxMessageBytes(), p.injectBytes(), p.iovLimit(),
        p.txDepth(), p.rxDepth(), p.manualProgress());
  }
}
