package dev.fabricplanner.core.route;

import dev.fabricplanner.core.NameHint;
import dev.fabricplanner.core.plan.PlannerSettings;
import dev.fabricplanner.core.plan.Transport;
import dev.fabricplanner.core.record.Backend;
import dev.fabricplanner.core.record.CapabilityRecord;
import dev.fabricplanner.core.record.Fabric;
import dev.fabricplanner.core.record.LinkMeasurement;
import dev.fabricplanner.core.record.Provenance;
import dev.fabricplanner.core.record.Shortfall;
import dev.fabricplanner.core.record.SizeSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a user should know about the records before trusting a plan made from them, as warnings that
 * name the host and the field: example records, libfabric provider names nobody knows, figures no
 * single link can reach, times in the future or past the staleness limit, and measurements far below
 * their path's nominal speed (the probe's shortfall flags, repeated, and the planner's own check where
 * the fabric gives a nominal speed). Reading stays strict about form; these are judgements, so they warn.
 */
final class RecordAudit {
  /** libfabric's providers (fi_info -l, libfabric 1.22), core and utility. */
  static final Set<String> LIBFABRIC_PROVIDERS = new TreeSet<>(List.of(
      "cxi", "efa", "gni", "lnx", "mrail", "net", "opx", "psm", "psm2", "psm3", "rxd", "rxm", "shm",
      "sm2", "sockets", "tcp", "ucx", "udp", "usnic", "verbs"));

  /**
   * Whether every layer of a provider name is a libfabric provider: probe-agent writes a layered
   * one as fi_info names it, core last-but-utility ("tcp;ofi_rxm", "verbs;ofi_rxm").
   */
  static boolean knownProvider(String provider) {
    return java.util.Arrays.stream(provider.split(";"))
        .map(layer -> layer.startsWith("ofi_") ? layer.substring("ofi_".length()) : layer)
        .allMatch(LIBFABRIC_PROVIDERS::contains);
  }

  /**
   * No single link carries more: NVLink 5 is 900 GB/s per direction per GPU; the fastest NIC ports are
   * 800 Gbit/s (1e11 B/s). A figure above these is a probe or editing error, not a fast fabric.
   */
  static final double CUDA_CEILING_BYTES_PER_SEC = 1.0e12;

  static final double NIC_CEILING_BYTES_PER_SEC = 1.0e11;

  /** Clocks of probe hosts and the planner may disagree by this much before a time counts as future. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  /** Lines of one kind shown before the rest are counted. */
  static final int MAX_LINES_PER_KIND = 20;

  private final Map<String, List<String>> byKind = new LinkedHashMap<>();

  /** Warnings about the records of the hosts a plan uses, in record order, grouped by kind. */
  static List<String> audit(List<CapabilityRecord> records, Set<String> usedHosts,
      PlannerSettings settings) {
    RecordAudit audit = new RecordAudit();
    List<String> examples = new ArrayList<>();
    for (CapabilityRecord record : records) {
      if (!usedHosts.contains(record.host().id())) {
        continue;
      }
      if (record.host().provenance() == Provenance.EXAMPLE) {
        examples.add(record.host().id());
      }
      audit.check(record, settings);
    }
    List<String> warnings = new ArrayList<>();
    if (!examples.isEmpty()) {
      warnings.add("planning on example records (provenance example, written by hand, not measured): "
          + shortList(examples) + "; run probe-agent on your hosts for a plan of your fleet");
    }
    for (List<String> lines : audit.byKind.values()) {
      warnings.addAll(lines.subList(0, Math.min(lines.size(), MAX_LINES_PER_KIND)));
      if (lines.size() > MAX_LINES_PER_KIND) {
        warnings.add("... and " + (lines.size() - MAX_LINES_PER_KIND) + " more like the line above");
      }
    }
    return warnings;
  }

  private void check(CapabilityRecord record, PlannerSettings settings) {
    String who = "record of " + record.host().id() + ": ";
    Instant latest = settings.now().plus(CLOCK_SKEW);
    if (record.host().measuredAt().isAfter(latest)) {
      add("future", who + "/host/measured_at: " + record.host().measuredAt() + " is after the planning"
          + " time " + settings.now() + "; the clocks disagree or the file was edited");
    }
    boolean hostStale = record.isOlderThan(settings.maxRecordAge(), settings.now());
    for (int i = 0; i < record.fabrics().size(); i++) {
      Fabric f = record.fabrics().get(i);
      if (f.backend() == Backend.LIBFABRIC && !knownProvider(f.provider())) {
        add("provider", who + "/fabrics/" + i + "/provider: unknown libfabric provider \""
            + f.provider() + "\", planned only with hosts that list the same name"
            + NameHint.hint(f.provider(), LIBFABRIC_PROVIDERS));
      }
    }
    for (int i = 0; i < record.links().size(); i++) {
      LinkMeasurement link = record.links().get(i);
      String at = who + "/links/" + i;
      if (link.measuredAt().isAfter(latest)) {
        add("future", at + "/measured_at: " + link.measuredAt() + " is after the planning time "
            + settings.now() + "; the clocks disagree or the file was edited");
      } else if (!hostStale && record.isOlderThan(link, settings.maxRecordAge(), settings.now())) {
        add("stale", at + "/measured_at: measured " + link.measuredAt() + ", more than "
            + settings.maxRecordAge().toHours() + " h before " + settings.now()
            + " (the record is newer); re-measure this link");
      }
      if (!link.ok()) {
        continue;
      }
      Fabric fabric = fabricOf(record, link);
      Double nominal = fabric == null ? null : fabric.nominalBytesPerSec();
      double ceiling = link.backend() == Backend.CUDA ? CUDA_CEILING_BYTES_PER_SEC
          : NIC_CEILING_BYTES_PER_SEC;
      for (int s = 0; s < link.sweep().size(); s++) {
        SizeSample sample = link.sweep().get(s);
        double bw = sample.bandwidthBytesPerSec();
        if (bw > ceiling || (nominal != null && bw > nominal * 1.05)) {
          add("implausible", String.format(Locale.ROOT,
              "%s/sweep/%d/bandwidth_bytes_per_s: %.3g B/s (%s) is more than %s; check the probe",
              at, s, bw, rate(bw), nominal != null && nominal < ceiling
                  ? "the fabric's nominal " + rate(nominal) : "any one link carries (" + rate(ceiling) + ")"));
          break;
        }
      }
      Shortfall flag = link.shortfall();
      if (flag != null) {
        add("shortfall", String.format(Locale.ROOT,
            "%s: measured %.0f %% of the path's nominal %s; likely cause %s%s (flagged by the probe)",
            at, flag.measuredFraction() * 100, rate(flag.nominalBytesPerSec()),
            flag.likelyCause().wire(), flag.detail() == null ? "" : ": " + flag.detail()));
      } else if (nominal != null && link.peakBandwidth() < nominal * Shortfall.THRESHOLD) {
        add("shortfall", String.format(Locale.ROOT,
            "%s: measured %.0f %% of the fabric's nominal %s (%s %s); the probe gave no cause",
            at, link.peakBandwidth() / nominal * 100, rate(nominal), link.provider(),
            fabric.domainName() == null ? fabric.fabricName() : fabric.domainName()));
      }
    }
  }

  /** The fabric entry a link ran on at its source: same transport, and the same NIC when named. */
  private static Fabric fabricOf(CapabilityRecord record, LinkMeasurement link) {
    Fabric match = null;
    for (Fabric f : record.fabrics()) {
      if (f.backend() == link.backend() && f.provider().equals(link.provider())
          && (link.backend() == Backend.CUDA || f.fabricName().equals(link.fabricName()))) {
        if (link.srcDomain() != null && link.srcDomain().equals(f.domainName())) {
          return f;
        }
        match = match == null ? f : match;
      }
    }
    return match;
  }

  private void add(String kind, String line) {
    byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(line);
  }

  static String rate(double bytesPerSec) {
    return bytesPerSec >= 1e12 ? String.format(Locale.ROOT, "%.1f TB/s", bytesPerSec / 1e12)
        : String.format(Locale.ROOT, "%.1f GB/s", bytesPerSec / 1e9);
  }

  private static String shortList(List<String> ids) {
    return ids.size() <= 8 ? String.join(", ", ids)
        : String.join(", ", ids.subList(0, 8)) + ", ... " + (ids.size() - 8) + " more";
  }

  /** The libfabric providers that move bytes by RDMA (not through the kernel's IP stack). */
  static boolean isRdma(Transport t) {
    return switch (t.provider()) {
      case "cxi", "efa", "verbs", "opx", "psm2", "psm3", "ucx", "gni", "usnic" -> true;
      default -> false;
    };
  }
}
