package dev.fabricplanner.core.plan;

import dev.fabricplanner.core.plan.Estimate.MeasurementBasis;
import dev.fabricplanner.core.plan.HopDecision.HopOutcome;
import dev.fabricplanner.core.record.Backend;
import dev.fabricplanner.core.record.CapabilityRecord;
import dev.fabricplanner.core.record.Endpoint;
import dev.fabricplanner.core.record.Fabric;
import dev.fabricplanner.core.record.FabricStatus;
import dev.fabricplanner.core.record.Gpu;
import dev.fabricplanner.core.record.GpuPair;
import dev.fabricplanner.core.record.GpuPath;
import dev.fabricplanner.core.record.LinkMeasurement;
import dev.fabricplanner.core.record.SizeSample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Chooses the transport for a hop between two endpoints from the fleet's capability records.
 *
 * <p>Candidates: NVLink/CUDA IPC only between peer-accessible GPUs of one host; each libfabric fabric
 * that both ends probed successfully; QUIC always. Each candidate is estimated from the nearest
 * measurement (these endpoints, else these hosts, else other hosts on the same fabric) with a
 * {@link TransferCurve}, plus host staging copies where the measurement moved host buffers and a GPU
 * end does not; a failed probe, a fabric name from another site, or a per-token time over the latency
 * cap rules it out. The cheapest per request wins; equal estimates go to the quieter measurement, then
 * to the preferred kind and provider ({@link Transport#PREFERENCE}). Every other candidate keeps its
 * estimate and reason codes.
 *
 * <p>One planner serves one thread: it caches transfer curves and holds the NIC share of the hop
 * being planned.
 */
public final class TransportPlanner {
  /** Relative difference under which two estimates count as equal. */
  static final double TIE_TOLERANCE = 1e-9;

  private final Fleet fleet;
  private final PlannerSettings settings;
  private final Map<LinkMeasurement, TransferCurve> curves = new IdentityHashMap<>();
  /** Hops sharing the current hop's NICs (set per planHop call; 1 inside a host). */
  private int share = 1;

  public TransportPlanner(Fleet fleet, PlannerSettings settings) {
    this.fleet = fleet;
    this.settings = settings;
  }

  public Fleet fleet() {
    return fleet;
  }

  public PlannerSettings settings() {
    return settings;
  }

  /** Plans one hop; both endpoints must resolve in the fleet (callers check user input). */
  public HopDecision planHop(Endpoint src, Endpoint dst, HopTraffic traffic) {
    return planHop(src, dst, traffic, 1);
  }

  /**
   * Plans one hop that shares its hosts' NICs with other hops running at the same time: nicShare hops
   * (this one included) leave its source host or enter its destination host, so between hosts each
   * gets 1/nicShare of the NICs on a fabric: fewer stripes, or a share of one NIC's bandwidth.
   */
  public HopDecision planHop(Endpoint src, Endpoint dst, HopTraffic traffic, int nicShare) {
    if (nicShare < 1) {
      throw new IllegalArgumentException("nicShare must be >= 1");
    }
    this.share = src.host().equals(dst.host()) ? 1 : nicShare;
    if (!fleet.resolves(src) || !fleet.resolves(dst)) {
      throw new IllegalArgumentException("hop endpoints not in the fleet: " + src + " -> " + dst);
    }
    if (src.equals(dst)) {
      throw new IllegalArgumentException("a hop needs two different endpoints: " + src);
    }
    CapabilityRecord from = fleet.host(src.host());
    CapabilityRecord to = fleet.host(dst.host());
    List<Candidate> candidates = new ArrayList<>();
    candidates.add(cudaCandidate(src, dst, from, traffic));
    candidates.addAll(libfabricCandidates(src, dst, from, to, traffic));
    candidates.add(quicCandidate(src, dst, from, to, traffic));
    List<ReasonCode> notes = new ArrayList<>();
    if (from.isOlderThan(settings.maxRecordAge(), settings.now())
        || to.isOlderThan(settings.maxRecordAge(), settings.now())) {
      notes.add(ReasonCode.STALE_RECORD);
    }
    return new HopDecision(src, dst, traffic, decide(candidates, notes));
  }

  private Candidate cudaCandidate(
      Endpoint src, Endpoint dst, CapabilityRecord host, HopTraffic traffic) {
    boolean sameHost = src.host().equals(dst.host());
    GpuPair pair = sameHost && src.gpu() != null && dst.gpu() != null
        ? fleet.pair(src.host(), src.gpu(), dst.gpu()) : null;
    Transport transport = pair != null && pair.peerAccess() && !pair.nvlinkActive()
        ? Transport.cudaIpc() : Transport.nvlink();
    if (src.gpu() == null || dst.gpu() == null) {
      return skipped(transport, ReasonCode.NOT_GPU_TO_GPU, "an end is host memory");
    }
    if (!sameHost) {
      return skipped(transport, ReasonCode.DIFFERENT_HOST, "peer copies stay inside one host");
    }
    if (pair == null || !pair.peerAccess()) {
      String facts = pair == null ? "no GPU pair facts in the record"
          : "peer_access false" + (pair.nvmlP2pStatus() == null ? ""
              : ", NVML P2P " + pair.nvmlP2pStatus().wire())
              + (pair.pathClass() == null ? "" : ", path " + pair.pathClass().wire());
      return skipped(transport, ReasonCode.NOT_PEER_ACCESSIBLE, facts);
    }
    Candidate probe = probeStatus(transport, host, null, f -> f.backend() == Backend.CUDA);
    if (probe != null) {
      return probe;
    }
    String shape = fleet.cudaShape(src.host(), src.gpu(), dst.gpu());
    Fleet.LinkKey key = new Fleet.LinkKey(Backend.CUDA.wire(), null, null, true, shape,
        fleet.sitePair(src.host(), dst.host()));
    return measured(transport, src, dst, 1, traffic,
        l -> l.backend() == Backend.CUDA, shape, key, null);
  }

  private List<Candidate> libfabricCandidates(
      Endpoint src, Endpoint dst, CapabilityRecord from, CapabilityRecord to, HopTraffic traffic) {
    boolean sameHost = from == to;
    Map<String, Fabric> groups = new TreeMap<>();
    for (CapabilityRecord record : sameHost ? List.of(from) : List.of(from, to)) {
      for (Fabric fabric : record.fabrics()) {
        if (fabric.backend() == Backend.LIBFABRIC) {
          Transport t = Transport.libfabric(fabric.provider(), fabric.endpointType(),
              fabric.fabricName());
          groups.putIfAbsent(t.label(), fabric);
        }
      }
    }
    boolean sameSite = from.host().sameSiteAs(to.host());
    List<Candidate> candidates = new ArrayList<>();
    for (Fabric group : groups.values()) {
      Transport transport = Transport.libfabric(group.provider(), group.endpointType(),
          group.fabricName());
      Predicate<Fabric> inGroup = group::sharesFabricWith;
      Candidate probe = probeStatus(transport, from, sameHost ? null : to, inGroup);
      if (probe != null) {
        candidates.add(probe);
        continue;
      }
      Predicate<LinkMeasurement> onFabric =
          l -> l.backend() == Backend.LIBFABRIC && l.provider().equals(group.provider())
              && l.fabricName().equals(group.fabricName());
      if (!sameSite && fleet.linksBetween(src.host(), dst.host()).stream().noneMatch(onFabric)) {
        candidates.add(skipped(transport, ReasonCode.DIFFERENT_SITE, "src in site "
            + siteName(from) + ", dst in site " + siteName(to) + ": \"" + group.fabricName()
            + "\" may be two private networks, and nothing measured this pair on it"));
        continue;
      }
      int stripes = sameHost ? 1 : Math.min(okCount(from, inGroup), okCount(to, inGroup));
      // A representative stands in only inside one site: another site's figures say nothing here.
      Fleet.LinkKey key = sameSite ? new Fleet.LinkKey(Backend.LIBFABRIC.wire(), group.provider(),
          group.fabricName(), sameHost, "", fleet.sitePair(src.host(), dst.host())) : null;
      String failedNics = sameHost ? null : failedNics(from, "src", inGroup)
          + failedNics(to, "dst", inGroup);
      candidates.add(measured(transport, src, dst, stripes, traffic, onFabric, null, key,
          failedNics == null || failedNics.isEmpty() ? null : failedNics.substring(2)));
    }
    return candidates;
  }

  private static String siteName(CapabilityRecord record) {
    return record.host().site() == null ? "(unnamed)" : "\"" + record.host().site() + "\"";
  }

  /** "; dst: cxi1, cxi2 failed (reason)" for an end with failed NICs on the fabric, else "". */
  private static String failedNics(CapabilityRecord record, String end, Predicate<Fabric> inGroup) {
    List<String> names = new ArrayList<>();
    String reason = null;
    for (Fabric f : record.fabrics()) {
      if (inGroup.test(f) && f.status() == FabricStatus.FAILED) {
        names.add(f.domainName() == null ? f.id() : f.domainName());
        reason = reason == null ? f.reason() : reason;
      }
    }
    return names.isEmpty() ? "" : "; " + end + " NICs " + String.join(", ", names) + " failed ("
        + reason + "), not striped over";
  }

  private Candidate quicCandidate(
      Endpoint src, Endpoint dst, CapabilityRecord from, CapabilityRecord to, HopTraffic traffic) {
    TreeSet<String> shared = new TreeSet<>();
    for (Fabric f : from.fabrics()) {
      if (f.backend() == Backend.QUIC && f.status() == FabricStatus.OK
          && okCount(to, g -> g.backend() == Backend.QUIC && g.fabricName().equals(f.fabricName()))
              > 0) {
        shared.add(f.fabricName());
      }
    }
    String network = shared.isEmpty() ? null : shared.first();
    Transport transport = Transport.quic(network);
    // QUIC needs no fabric entry (it is plain UDP), but an end whose QUIC probes all failed rules it out.
    Predicate<Fabric> isQuic = f -> f.backend() == Backend.QUIC;
    for (CapabilityRecord end : from == to ? List.of(from) : List.of(from, to)) {
      if (end.fabrics().stream().anyMatch(isQuic) && okCount(end, isQuic) == 0) {
        return endStatus(transport, end, isQuic, end == from ? "src" : "dst", false);
      }
    }
    Fleet.LinkKey key = network == null ? null
        : new Fleet.LinkKey(Backend.QUIC.wire(), "quic", network, from == to, "",
            fleet.sitePair(src.host(), dst.host()));
    return measured(transport, src, dst, 1, traffic,
        l -> l.backend() == Backend.QUIC && (network == null || l.fabricName().equals(network)),
        null, key, null);
  }

  /**
   * PROBE_FAILED / PROBE_SKIPPED / NOT_ON_BOTH_ENDS when an end has no ok entry for the fabric; null when
   * both ends have one. {@code to} is null for a hop inside one host.
   */
  private static Candidate probeStatus(
      Transport transport, CapabilityRecord from, CapabilityRecord to, Predicate<Fabric> inGroup) {
    Candidate atSrc = endStatus(transport, from, inGroup, "src", to == null);
    if (atSrc != null) {
      return atSrc;
    }
    return to == null ? null : endStatus(transport, to, inGroup, "dst", false);
  }

  private static Candidate endStatus(
      Transport transport, CapabilityRecord record, Predicate<Fabric> inGroup, String end,
      boolean optional) {
    Fabric failed = null;
    Fabric skipped = null;
    for (Fabric f : record.fabrics()) {
      if (!inGroup.test(f)) {
        continue;
      }
      if (f.status() == FabricStatus.OK) {
        return null;
      }
      if (f.status() == FabricStatus.FAILED && failed == null) {
        failed = f;
      } else if (f.status() == FabricStatus.SKIPPED && skipped == null) {
        skipped = f;
      }
    }
    if (failed != null) {
      return skipped(transport, ReasonCode.PROBE_FAILED, "probe failed at " + end + " ("
          + failed.domainName() + "): " + failed.reason());
    }
    if (skipped != null) {
      return skipped(transport, ReasonCode.PROBE_SKIPPED, "probe skipped at " + end + ": "
          + skipped.reason());
    }
    if (optional) {
      return null;
    }
    return skipped(transport, ReasonCode.NOT_ON_BOTH_ENDS, end + " has no " + transport.label());
  }

  private static int okCount(CapabilityRecord record, Predicate<Fabric> inGroup) {
    int count = 0;
    for (Fabric f : record.fabrics()) {
      if (f.status() == FabricStatus.OK && inGroup.test(f)) {
        count++;
      }
    }
    return count;
  }

  /** Finds the nearest measurement and estimates the candidate from it, or says why it cannot. */
  private Candidate measured(
      Transport transport,
      Endpoint src,
      Endpoint dst,
      int stripes,
      HopTraffic traffic,
      Predicate<LinkMeasurement> matches,
      String cudaShape,
      Fleet.LinkKey representativeKey,
      String nicNote) {
    List<LinkMeasurement> exact = new ArrayList<>();
    List<LinkMeasurement> hostPair = new ArrayList<>();
    for (LinkMeasurement link : fleet.linksBetween(src.host(), dst.host())) {
      if (!matches.test(link)) {
        continue;
      }
      boolean sameEnds = link.src().equals(src) && link.dst().equals(dst)
          || link.src().equals(dst) && link.dst().equals(src);
      if (sameEnds) {
        exact.add(link);
      } else if (cudaShape == null || cudaShape.equals(fleet.keyOf(link).shape())) {
        hostPair.add(link);
      }
    }
    for (var level : List.of(
        Map.entry(MeasurementBasis.EXACT, exact), Map.entry(MeasurementBasis.HOST_PAIR, hostPair))) {
      List<LinkMeasurement> links = level.getValue();
      if (links.isEmpty()) {
        continue;
      }
      for (LinkMeasurement link : links) {
        if (link.ok()) {
          return estimated(transport, src, dst, link, level.getKey(), stripes, traffic, nicNote);
        }
      }
      LinkMeasurement notOk = links.get(0);
      ReasonCode code = notOk.status() == FabricStatus.FAILED ? ReasonCode.PROBE_FAILED
          : ReasonCode.PROBE_SKIPPED;
      String direction = notOk.src().host().equals(src.host()) ? "src -> dst" : "dst -> src";
      return skipped(transport, code, "measurement " + direction + " " + notOk.status().wire()
          + ": " + notOk.reason());
    }
    LinkMeasurement representative =
        representativeKey == null ? null : fleet.representative(representativeKey);
    if (representative != null) {
      return estimated(transport, src, dst, representative, MeasurementBasis.REPRESENTATIVE, stripes,
          traffic, nicNote);
    }
    return skipped(transport, ReasonCode.NO_MEASUREMENT,
        "no measurement between these hosts or on this fabric");
  }

  private Candidate estimated(
      Transport transport, Endpoint src, Endpoint dst, LinkMeasurement link, MeasurementBasis basis,
      int stripes, HopTraffic traffic, String nicNote) {
    TransferCurve curve = curves.computeIfAbsent(link, l -> new TransferCurve(l.sweep()));
    List<ReasonCode> reasons = new ArrayList<>();
    int hopShare = link.backend() == Backend.CUDA ? 1 : share;
    Transfer token = transfer(curve, traffic.activationBytes(), stripes, hopShare);
    Transfer kv = transfer(curve, traffic.kvBytes(), stripes, hopShare);
    int usedStripes = Math.max(token.stripes, kv.stripes);
    String detail = null;
    double tokenUs = token.us;
    double kvUs = kv.us;
    if (link.backend() != Backend.CUDA && !movedGpuMemory(link)) {
      StagingCopy atSrc = src.gpu() == null ? null : stagingAt(src);
      StagingCopy atDst = dst.gpu() == null ? null : stagingAt(dst);
      if (atSrc != null || atDst != null) {
        double addedToken = staging(atSrc, traffic.activationBytes())
            + staging(atDst, traffic.activationBytes());
        tokenUs += addedToken;
        kvUs += staging(atSrc, traffic.kvBytes()) + staging(atDst, traffic.kvBytes());
        reasons.add(ReasonCode.HOST_STAGED);
        detail = String.format(java.util.Locale.ROOT,
            "host-staged (%s): %s, +%.3f us per token", stagedWhy(link),
            (atSrc == null ? "" : "device-to-host copy at src over " + atSrc.link())
                + (atSrc != null && atDst != null ? ", " : "")
                + (atDst == null ? "" : "host-to-device copy at dst over " + atDst.link()),
            addedToken);
      }
    }
    if (token.extrapolated || kv.extrapolated) {
      reasons.add(ReasonCode.EXTRAPOLATED);
    }
    if (basis == MeasurementBasis.REPRESENTATIVE) {
      reasons.add(ReasonCode.REPRESENTATIVE_MEASUREMENT);
    }
    if (usedStripes > 1) {
      reasons.add(ReasonCode.STRIPED);
      detail = (detail == null ? "" : detail + "; ") + "striped across " + usedStripes
          + " NICs at >= " + settings.stripeThresholdBytes() + " B";
    }
    if (hopShare > 1) {
      reasons.add(ReasonCode.NIC_SHARED);
      detail = (detail == null ? "" : detail + "; ") + String.format(java.util.Locale.ROOT,
          "shares the hosts' NICs with %d other hop(s): %s", hopShare - 1,
          stripes >= hopShare ? (stripes / hopShare) + " of " + stripes + " NICs"
              : String.format(java.util.Locale.ROOT, "%.2f of a NIC", (double) stripes / hopShare));
    }
    if (nicNote != null) {
      reasons.add(ReasonCode.NICS_FAILED);
      detail = (detail == null ? "" : detail + "; ") + nicNote;
    }
    if (!link.payloadVerified()) {
      reasons.add(ReasonCode.PAYLOAD_NOT_VERIFIED);
    }
    if (fleet.recordOf(link).isOlderThan(link, settings.maxRecordAge(), settings.now())) {
      reasons.add(ReasonCode.STALE_RECORD);
    }
    Estimate estimate = new Estimate(tokenUs, kvUs, traffic.perRequestUs(tokenUs, kvUs),
        usedStripes, basis, link.src() + " -> " + link.dst(), maxNoise(link));
    if (settings.latencyCapUs() != null && tokenUs > settings.latencyCapUs()) {
      reasons.add(ReasonCode.EXCEEDS_LATENCY_CAP);
      detail = (detail == null ? "" : detail + "; ") + String.format(java.util.Locale.ROOT,
          "%.3f us per token > cap %.3f us", tokenUs, settings.latencyCapUs());
    }
    return new Candidate(transport, estimate, reasons, detail);
  }

  /**
   * True when the measurement's buffers were GPU memory at both ends. Schema 2 says so in gpu_path;
   * for older records, a host-memory end or hmem false (the provider could not register GPU memory)
   * means host buffers were moved.
   */
  static boolean movedGpuMemory(LinkMeasurement link) {
    GpuPath path = link.facts().gpuPath();
    if (path == GpuPath.HOST_STAGED_RDMA || path == GpuPath.HOST_MEMORY) {
      return false;
    }
    if (link.src().gpu() == null || link.dst().gpu() == null) {
      return false;
    }
    return path != null || !Boolean.FALSE.equals(link.facts().hmem());
  }

  private static String stagedWhy(LinkMeasurement link) {
    GpuPath path = link.facts().gpuPath();
    if (path != null) {
      return "gpu_path " + path.wire();
    }
    return link.src().gpu() == null || link.dst().gpu() == null
        ? "measured between host buffers" : "hmem false: GPU memory not registered";
  }

  private StagingCopy stagingAt(Endpoint end) {
    CapabilityRecord record = fleet.host(end.host());
    Gpu gpu = record == null ? null : record.gpu(end.gpu());
    return StagingCopy.forGpu(gpu == null ? null : gpu.name());
  }

  private static double staging(StagingCopy copy, long bytes) {
    return copy == null ? 0 : copy.timeUs(bytes);
  }

  private static double maxNoise(LinkMeasurement link) {
    double noise = 0;
    for (SizeSample sample : link.sweep()) {
      noise = Math.max(noise, sample.noisePct());
    }
    return noise;
  }

  private record Transfer(double us, int stripes, boolean extrapolated) {}

  /**
   * Moves bytes as one transfer, or striped when large enough and several NICs are this hop's; with
   * fewer NICs than sharing hops, one NIC's bandwidth is split.
   */
  private Transfer transfer(TransferCurve curve, long bytes, int stripes, int hopShare) {
    if (bytes <= 0) {
      return new Transfer(0, 1, false);
    }
    int own = stripes / hopShare;
    if (own > 1 && bytes >= settings.stripeThresholdBytes()) {
      long perStripe = (bytes + own - 1) / own;
      return new Transfer(curve.timeUs(perStripe), own, curve.extrapolates(perStripe));
    }
    double fraction = Math.min(1.0, (double) stripes / hopShare);
    return new Transfer(curve.timeUs(bytes, fraction), 1, curve.extrapolates(bytes));
  }

  private static Candidate skipped(Transport transport, ReasonCode code, String detail) {
    return new Candidate(transport, null, List.of(code), detail);
  }

  private HopOutcome decide(List<Candidate> candidates, List<ReasonCode> notes) {
    // Equal estimates (within TIE_TOLERANCE) go to the quieter measurement, then by preference: a
    // plain comparison of doubles would let a last-digit difference decide.
    Comparator<Candidate> byCost = (a, b) -> {
      double ca = a.estimate().perRequestUs();
      double cb = b.estimate().perRequestUs();
      if (!tied(ca, cb)) {
        return Double.compare(ca, cb);
      }
      int byNoise = Double.compare(a.estimate().noisePct(), b.estimate().noisePct());
      return byNoise != 0 ? byNoise : Transport.PREFERENCE.compare(a.transport(), b.transport());
    };
    List<Candidate> qualified = new ArrayList<>();
    List<Candidate> overCap = new ArrayList<>();
    List<Candidate> rest = new ArrayList<>();
    for (Candidate c : candidates) {
      if (c.estimate() != null && !c.disqualified()) {
        qualified.add(c);
      } else if (c.estimate() != null && c.reasons().stream()
          .filter(r -> r.kind() == ReasonCode.Kind.SKIP)
          .allMatch(r -> r == ReasonCode.EXCEEDS_LATENCY_CAP)) {
        overCap.add(c);
      } else {
        rest.add(c);
      }
    }
    qualified.sort(byCost);
    overCap.sort(byCost);
    rest.sort(Comparator.comparing(Candidate::transport, Transport.PREFERENCE));

    Candidate chosen = null;
    boolean meetsCap = true;
    if (!qualified.isEmpty()) {
      chosen = qualified.remove(0).with(ReasonCode.FASTEST, null);
    } else if (!overCap.isEmpty()) {
      chosen = overCap.remove(0).with(ReasonCode.FASTEST_OVER_CAP, null);
      meetsCap = false;
    } else {
      for (int i = 0; i < rest.size(); i++) {
        Candidate c = rest.get(i);
        if (c.transport().kind() == TransportKind.QUIC && onlyUnmeasured(c)) {
          chosen = rest.remove(i).with(ReasonCode.QUIC_FALLBACK,
              "no transport could be estimated; QUIC always exists");
          meetsCap = settings.latencyCapUs() == null;
          break;
        }
      }
    }
    List<Candidate> alternatives = new ArrayList<>();
    for (Candidate c : qualified) {
      boolean tie = tied(c.estimate().perRequestUs(), chosen.estimate().perRequestUs());
      alternatives.add(tie ? c.with(ReasonCode.TIE_PREFERENCE, tieDetail(chosen, c))
          : c.with(ReasonCode.SLOWER, null));
    }
    alternatives.addAll(overCap);
    alternatives.addAll(rest);

    List<Transport> chain = new ArrayList<>();
    if (chosen != null) {
      chain.add(chosen.transport());
    }
    qualified.forEach(c -> chain.add(c.transport()));
    overCap.forEach(c -> chain.add(c.transport()));
    // QUIC is the last resort whatever its estimate: it crosses any network, but costs CPU and latency.
    // Unmeasured QUIC still ends the chain; other unmeasured transports cannot be ranked, so they stay
    // out of it (the alternatives show them as NO_MEASUREMENT).
    rest.stream().filter(c -> c.transport().kind() == TransportKind.QUIC && onlyUnmeasured(c))
        .forEach(c -> chain.add(c.transport()));
    if (chosen == null || chosen.transport().kind() != TransportKind.QUIC) {
      List<Transport> quic = chain.stream().filter(t -> t.kind() == TransportKind.QUIC).toList();
      chain.removeAll(quic);
      chain.addAll(quic);
    }
    return new HopOutcome(chosen, meetsCap, alternatives, chain, notes);
  }

  private static boolean tied(double a, double b) {
    return Math.abs(a - b) <= TIE_TOLERANCE * Math.max(1e-12, Math.max(a, b));
  }

  private static String tieDetail(Candidate winner, Candidate loser) {
    double won = winner.estimate().noisePct();
    double lost = loser.estimate().noisePct();
    if (won < lost) {
      return String.format(java.util.Locale.ROOT,
          "equal estimate; %s measured quieter (noise %.1f %% vs %.1f %%)",
          winner.transport().label(), won, lost);
    }
    return "equal estimate and noise; " + winner.transport().label() + " is preferred";
  }

  /** True when the only thing wrong with a candidate is that nothing measured it. */
  private static boolean onlyUnmeasured(Candidate c) {
    return c.estimate() == null && c.reasons().equals(List.of(ReasonCode.NO_MEASUREMENT));
  }
}
