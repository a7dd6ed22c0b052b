package dev.fabricplanner.sim.exec;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.core.json.StrictObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The GPU catalog (resource {@code gpus.json}, every figure with its source): H100 SXM and PCIe, H200,
 * B200, A100 40/80 GB, L40S, L4, MI300X. Names match case-insensitively, by catalog name or alias.
 */
public final class GpuSpecs {
  private static final String RESOURCE = "gpus.json";
  private static final GpuSpecs BUILT_IN = load();

  private final List<GpuSpec> gpus;

  private GpuSpecs(List<GpuSpec> gpus) {
    this.gpus = List.copyOf(gpus);
  }

  /** The catalog shipped with the simulator. */
  public static GpuSpecs builtIn() {
    return BUILT_IN;
  }

  public List<GpuSpec> all() {
    return gpus;
  }

  public Optional<GpuSpec> lookup(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    for (GpuSpec gpu : gpus) {
      if (gpu.name().toLowerCase(Locale.ROOT).equals(wanted)) {
        return Optional.of(gpu);
      }
      for (String alias : gpu.aliases()) {
        if (alias.toLowerCase(Locale.ROOT).equals(wanted)) {
          return Optional.of(gpu);
        }
      }
    }
    return Optional.empty();
  }

  /** The GPU of that name or alias; otherwise one line listing the known names and how to add one. */
  public GpuSpec find(String name) throws InvalidInputException {
    Optional<GpuSpec> gpu = lookup(name);
    if (gpu.isEmpty()) {
      List<String> names = new ArrayList<>();
      gpus.forEach(g -> names.add(g.name()));
      throw new InvalidInputException("unknown GPU \"" + name + "\"; known: " + String.join(", ", names)
          + " (aliases in docs/EXECUTION-MODEL.md); to add one, add an entry with its datasheet"
          + " figures to simulator/src/main/resources/dev/fabricplanner/sim/exec/" + RESOURCE);
    }
    return gpu.get();
  }

  private static GpuSpecs load() {
    return new GpuSpecs(CatalogResource.entries(RESOURCE, "gpus", GpuSpecs::read));
  }

  private static GpuSpec read(StrictObject entry) {
    String name = entry.requiredString("name");
    List<String> aliases = CatalogResource.aliases(entry.optionalString("aliases"));
    Double memoryGb = entry.requiredDouble("memory_gb", 0, true);
    Long deviceMib = entry.requiredLong("device_memory_mib", 1);
    Double bandwidth = entry.requiredDouble("hbm_bandwidth_tb_s", 0, true);
    Double bf16 = entry.requiredDouble("bf16_dense_tflops", 0, true);
    Double fp8 = entry.requiredDouble("fp8_dense_tflops", 0, false);
    String link = entry.requiredString("link");
    Double linkBandwidth = entry.requiredDouble("link_bandwidth_gb_s", 0, true);
    Double linkLatency = entry.requiredDouble("link_latency_us", 0, false);
    String sources = entry.requiredString("sources");
    entry.rejectUnknownFields();
    if (name == null || memoryGb == null || deviceMib == null || bandwidth == null || bf16 == null
        || fp8 == null || link == null || linkBandwidth == null || linkLatency == null
        || sources == null) {
      return null;
    }
    return new GpuSpec(name, aliases, memoryGb, deviceMib * 1024L * 1024L, bandwidth * 1e12,
        bf16 * 1e12, fp8 * 1e12, link, linkBandwidth * 1e9, linkLatency * 1e-6, sources);
  }
}
