package dev.fabricplanner.probe.run;

import dev.fabricplanner.core.record.Backend;
import dev.fabricplanner.core.record.CapabilityRecord;
import dev.fabricplanner.core.record.Fabric;
import dev.fabricplanner.core.record.FabricStatus;
import dev.fabricplanner.core.record.GpuPath;
import dev.fabricplanner.core.record.LinkLayer;
import dev.fabricplanner.core.record.LinkMeasurement;
import dev.fabricplanner.core.record.Shortfall;
import dev.fabricplanner.core.record.ShortfallCause;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Flags a libfabric link whose best bandwidth is below half its NIC's nominal speed, with the likely
 * cause, in the order a user debugging it would check: GPU buffers staged through host memory
 * (GPUDirect off), traffic on the kernel's TCP/IP stack while an RDMA fabric is there (TCP fallback), a
 * 1500-byte MTU on a fast Ethernet NIC, else unknown. Links without a nominal speed (loopback, a virtual
 * NIC that reports none, QUIC, whose network has no one NIC) are not flagged, and the report says how
 * many there were.
 */
public final class LinkShortfall {
  private static final Set<String> IP_STACK = Set.of("tcp", "sockets", "udp");
  private static final Set<String> RDMA = Set.of("verbs", "efa", "cxi", "psm2", "psm3", "opx");
  /** At or above 25 Gbit/s a 1500-byte MTU costs real bandwidth. */
  private static final double FAST_ETHERNET_BYTES_PER_SEC = 25e9 / 8;

  private LinkShortfall() {}

  /**
   * @param fabric this host's entry for the link's fabric, with its NIC's facts
   * @param nic the NIC's sysfs facts (its MTU)
   * @param rdmaOnHost an RDMA provider probed ok on this host
   */
  static Shortfall check(LinkMeasurement link, Fabric fabric, NicDirectory.Nic nic, boolean rdmaOnHost) {
    if (!link.ok() || fabric == null || fabric.nominalBytesPerSec() == null) {
      return null;
    }
    double nominal = fabric.nominalBytesPerSec();
    double peak = link.peakBandwidth();
    if (peak >= Shortfall.THRESHOLD * nominal) {
      return null;
    }
    double fraction = peak / nominal;
    String core = coreProvider(link.provider());
    GpuPath path = link.facts().gpuPath();
    if (path == GpuPath.HOST_STAGED_RDMA) {
      return new Shortfall(nominal, fraction, ShortfallCause.GPUDIRECT_OFF,
          "GPU buffers were staged through host memory: " + link.provider() + " did not accept FI_HMEM");
    }
    if (IP_STACK.contains(core) && (rdmaOnHost || fabric.linkLayer() == LinkLayer.INFINIBAND)) {
      return new Shortfall(nominal, fraction, ShortfallCause.TCP_FALLBACK,
          "traffic went through the kernel's IP stack (" + link.provider() + ") although "
              + (rdmaOnHost ? "an RDMA provider works on this host" : "the NIC is InfiniBand"));
    }
    if (fabric.linkLayer() == LinkLayer.ETHERNET && nic.mtu() != null && nic.mtu() <= 1500
        && nominal >= FAST_ETHERNET_BYTES_PER_SEC) {
      return new Shortfall(nominal, fraction, ShortfallCause.MTU,
          "MTU " + nic.mtu() + " on " + fabric.domainName() + ", a " + gbits(nominal) + " Gbit/s NIC");
    }
    return new Shortfall(nominal, fraction, ShortfallCause.UNKNOWN, null);
  }

  static boolean rdmaOk(List<Fabric> fabrics) {
    return fabrics.stream().anyMatch(f -> f.backend() == Backend.LIBFABRIC && f.status() == FabricStatus.OK
        && RDMA.contains(coreProvider(f.provider())));
  }

  /**
   * What {@code probe-agent run} prints before anything else: one line per flagged link, or why none
   * was flagged.
   */
  public static List<String> report(CapabilityRecord record) {
    List<String> lines = new ArrayList<>();
    int compared = 0;
    int withoutNominal = 0;
    for (LinkMeasurement link : record.links()) {
      if (!link.ok()) {
        continue;
      }
      Shortfall flag = link.shortfall();
      if (flag != null) {
        lines.add(String.format(Locale.ROOT,
            "SHORTFALL %s -> %s over %s (%s): best %.2f GB/s is %.0f%% of the nominal %.2f GB/s; likely cause: %s%s",
            describe(link.src()), describe(link.dst()), link.provider(), link.fabricName(),
            link.peakBandwidth() / 1e9, flag.measuredFraction() * 100, flag.nominalBytesPerSec() / 1e9,
            flag.likelyCause().wire(), flag.detail() == null ? "" : " (" + flag.detail() + ")"));
        compared++;
      } else if (hasNominal(record, link)) {
        compared++;
      } else {
        withoutNominal++;
      }
    }
    if (lines.isEmpty()) {
      lines.add("shortfalls: none below " + Math.round(Shortfall.THRESHOLD * 100) + "% of nominal ("
          + compared + " link(s) compared with a nominal speed, " + withoutNominal
          + " without one: loopback, shared memory, QUIC or a NIC that reports no speed)");
    }
    return lines;
  }

  private static boolean hasNominal(CapabilityRecord record, LinkMeasurement link) {
    if (link.backend() == Backend.CUDA) {
      return link.facts().gpuPath() == GpuPath.NVLINK; // compared by generation × links where known
    }
    return record.fabrics().stream().anyMatch(f -> f.provider().equals(link.provider())
        && f.fabricName().equals(link.fabricName()) && f.nominalBytesPerSec() != null);
  }

  private static String describe(dev.fabricplanner.core.record.Endpoint end) {
    return end.gpu() == null ? end.host() : end.host() + ":" + end.gpu();
  }

  private static String coreProvider(String provider) {
    return provider == null ? "" : provider.split(";")[0].toLowerCase(Locale.ROOT);
  }

  private static String gbits(double bytesPerSec) {
    return String.format(Locale.ROOT, "%.0f", bytesPerSec * 8 / 1e9);
  }
}
