package dev.fabricplanner.core.route;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.core.pipeline.ModelSpec;
import dev.fabricplanner.core.pipeline.Pipeline;
import dev.fabricplanner.core.pipeline.StageSpec;
import dev.fabricplanner.core.pipeline.TrafficSpec;
import dev.fabricplanner.core.plan.Candidate;
import dev.fabricplanner.core.plan.Fleet;
import dev.fabricplanner.core.plan.FleetTransportTable;
import dev.fabricplanner.core.plan.HopDecision;
import dev.fabricplanner.core.plan.HopTraffic;
import dev.fabricplanner.core.plan.PlannerSettings;
import dev.fabricplanner.core.plan.ReasonCode;
import dev.fabricplanner.core.plan.Transport;
import dev.fabricplanner.core.plan.TransportKind;
import dev.fabricplanner.core.plan.TransportPlanner;
import dev.fabricplanner.core.record.CapabilityRecord;
import dev.fabricplanner.core.record.Endpoint;
import dev.fabricplanner.core.record.Gpu;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns records and a pipeline into a {@link RoutePlan}: resolves or chooses each stage's GPU, then asks
 * the {@link TransportPlanner} for every hop. Placement is greedy: stage 0 takes the first GPU (host id,
 * then index) with room for its weights and one KV transfer; each next stage takes the unused GPU with
 * room whose hop from the previous stage is cheapest.
 */
public final class PipelinePlanner {

  /** Plans a pipeline; bad GPU references and impossible placements are user errors. */
  public RoutePlan plan(List<CapabilityRecord> records, Pipeline pipeline, Instant now)
      throws InvalidInputException {
    PlannerSettings settings = new PlannerSettings(pipeline.latencyCapUs(), pipeline.maxRecordAge(),
        now, pipeline.stripeThresholdBytes());
    Fleet fleet = new Fleet(records);
    TransportPlanner planner = new TransportPlanner(fleet, settings);
    ModelSpec model = pipeline.model();
    List<Gpu> placedGpus = pipeline.placedByUser()
        ? resolve(fleet, pipeline) : place(planner, pipeline);
    List<Endpoint> ends = new ArrayList<>();
    List<PlacedStage> stages = new ArrayList<>();
    int firstLayer = 0;
    for (int i = 0; i < placedGpus.size(); i++) {
      Gpu gpu = placedGpus.get(i);
      Endpoint end = endpointOf(fleet, gpu);
      StageSpec spec = pipeline.stages().get(i);
      stages.add(new PlacedStage(i, firstLayer, spec.layers(), end, gpu.index(), gpu.name(),
          vramNeeded(pipeline, spec.layers()), gpu.vramBytes()));
      ends.add(end);
      firstLayer += spec.layers();
    }
    int last = stages.size() - 1;
    // Decoding needs the sampled token back at stage 0 before the next step: a token's latency is
    // the round trip, which across a WAN doubles the one-way figure.
    boolean hasReturn = last > 0 && !ends.get(last).equals(ends.get(0));
    NicShares shares = new NicShares();
    for (int i = 0; i + 1 < stages.size(); i++) {
      shares.add(ends.get(i), ends.get(i + 1));
    }
    if (hasReturn) {
      shares.add(ends.get(last), ends.get(0));
    }
    List<PlannedHop> hops = new ArrayList<>();
    for (int i = 0; i + 1 < stages.size(); i++) {
      HopDecision decision = planner.planHop(ends.get(i), ends.get(i + 1),
          hopTraffic(model, pipeline.traffic(), stages.get(i).layers()),
          shares.of(ends.get(i), ends.get(i + 1)));
      hops.add(new PlannedHop("stage " + i + " -> " + (i + 1), i, decision));
    }
    PlannedHop returnHop = null;
    if (hasReturn) {
      returnHop = new PlannedHop("stage " + last + " -> 0 (sampled token)", -1,
          planner.planHop(ends.get(last), ends.get(0), new HopTraffic(SAMPLED_TOKEN_BYTES, 0,
              pipeline.traffic().tokensPerRequest(), 0), shares.of(ends.get(last), ends.get(0))));
    }
    List<PlannedHop> all = new ArrayList<>(hops);
    if (returnHop != null) {
      all.add(returnHop);
    }
    String name = pipeline.source();
    Set<String> used = new HashSet<>();
    for (PlannedHop hop : all) {
      used.add(hop.decision().src().host());
      used.add(hop.decision().dst().host());
    }
    ends.forEach(e -> used.add(e.host()));
    return new RoutePlan(name, model, pipeline.traffic(), settings, summaries(fleet, settings),
        stages, hops, returnHop, warnings(fleet, settings, all, used));
  }

  /**
   * How many of a pipeline's hops between hosts leave each host and enter each host. Pipeline stages
   * run at once (different micro-batches), so hops out of one host share its NICs, as do hops into
   * one; a hop's share is the larger of the two counts at its ends.
   */
  private static final class NicShares {
    private final Map<String, Integer> out = new HashMap<>();
    private final Map<String, Integer> in = new HashMap<>();

    void add(Endpoint src, Endpoint dst) {
      if (!src.host().equals(dst.host())) {
        out.merge(src.host(), 1, Integer::sum);
        in.merge(dst.host(), 1, Integer::sum);
      }
    }

    int of(Endpoint src, Endpoint dst) {
      return src.host().equals(dst.host()) ? 1
          : Math.max(out.getOrDefault(src.host(), 1), in.getOrDefault(dst.host(), 1));
    }
  }

  /** The sampled token sent back to the first stage: one int32 token id. */
  public static final long SAMPLED_TOKEN_BYTES = 4;

  /**
   * Plans without a pipeline: a hop between every ordered pair of hosts (each host's first GPU, or host
   * memory where it has none) and, inside each host, from its first GPU to each other GPU. Traffic is
   * the reference model split in two stages. Hosts the planner cannot tell apart (a
   * {@link FleetTransportTable} class: same GPUs, pairs, fabrics, staleness, site, and no measurement
   * naming them) are planned once, on their first host, and the hop's label counts the pairs it
   * stands for; a fleet of distinct hosts gets every pair.
   */
  public RoutePlan survey(List<CapabilityRecord> records, PlannerSettings settings)
      throws InvalidInputException {
    return survey(records, settings, MAX_SURVEY_HOPS);
  }

  /**
   * Most hops a survey lists. Hosts named by measurements are classes of their own, so a fleet whose
   * every host was measured has as many classes as hosts; past this many hops (a few GB of plan) the
   * survey is refused in one line instead of running out of memory.
   */
  public static final long MAX_SURVEY_HOPS = 250_000;

  RoutePlan survey(List<CapabilityRecord> records, PlannerSettings settings, long maxHops)
      throws InvalidInputException {
    Fleet fleet = new Fleet(records);
    TransportPlanner planner = new TransportPlanner(fleet, settings);
    ModelSpec model = ModelSpec.REFERENCE;
    HopTraffic traffic = hopTraffic(model, TrafficSpec.DEFAULT, model.layers() / 2);
    List<List<CapabilityRecord>> classes = FleetTransportTable.hostClasses(fleet, settings);
    long planned = (long) classes.size() * classes.size();
    for (List<CapabilityRecord> members : classes) {
      planned += Math.max(0, members.get(0).gpus().size() - 1);
    }
    if (planned > maxHops) {
      throw new InvalidInputException(String.format(Locale.ROOT,
          "--records: surveying %,d hosts in %,d distinct classes would list about %,d hops, more"
              + " than the %,d a survey lists; give a --pipeline to plan, or survey a subset of the"
              + " records", fleet.records().size(), classes.size(), planned, maxHops));
    }
    List<PlannedHop> hops = new ArrayList<>();
    for (List<CapabilityRecord> members : classes) {
      CapabilityRecord host = members.get(0);
      List<Gpu> gpus = sortedGpus(host);
      for (int i = 1; i < gpus.size(); i++) {
        Endpoint src = Endpoint.gpu(host.host().id(), gpus.get(0).id());
        Endpoint dst = Endpoint.gpu(host.host().id(), gpus.get(i).id());
        hops.add(new PlannedHop(host.host().id() + ":" + gpus.get(0).index() + " -> "
            + host.host().id() + ":" + gpus.get(i).index() + alike(members.size(), "hosts"), -1,
            planner.planHop(src, dst, traffic)));
      }
    }
    for (List<CapabilityRecord> from : classes) {
      for (List<CapabilityRecord> to : classes) {
        long pairs = from == to ? (long) from.size() * (from.size() - 1)
            : (long) from.size() * to.size();
        if (pairs == 0) {
          continue;
        }
        CapabilityRecord a = from.get(0);
        CapabilityRecord b = from == to ? from.get(1) : to.get(0);
        hops.add(new PlannedHop(a.host().id() + " -> " + b.host().id() + alike(pairs, "host pairs"),
            -1, planner.planHop(firstEnd(a), firstEnd(b), traffic)));
      }
    }
    Set<String> everyHost = new HashSet<>();
    fleet.records().forEach(r -> everyHost.add(r.host().id()));
    List<String> warnings = new ArrayList<>(warnings(fleet, settings, hops, everyHost));
    if (hops.isEmpty()) {
      // One host without two GPUs (a probe run on a laptop, say): say why the plan is empty.
      warnings.add(0, "nothing to survey: " + fleet.records().size() + " host(s) and no host with two"
          + " GPUs; a survey plans a hop between every two hosts and between the GPUs inside each");
    }
    return new RoutePlan("fleet survey", model, TrafficSpec.DEFAULT, settings,
        summaries(fleet, settings), List.of(), hops, null, warnings);
  }

  private static String alike(long count, String what) {
    return count <= 1 ? "" : String.format(Locale.ROOT, "  (%,d %s alike)", count, what);
  }

  /**
   * One warning per host pair whose hop does not use RDMA although both hosts list an RDMA fabric in
   * common (whatever its probe found): the silent fall back to TCP that users most often report. Says
   * what was chosen and why each such RDMA fabric lost. Hosts without a common RDMA fabric, or in
   * different sites, never had RDMA to lose.
   */
  private static List<String> rdmaLost(Fleet fleet, List<PlannedHop> hops) {
    List<String> warnings = new ArrayList<>();
    Set<String> pairs = new HashSet<>();
    for (PlannedHop hop : hops) {
      HopDecision d = hop.decision();
      Candidate chosen = d.chosen();
      if (d.src().host().equals(d.dst().host())
          || chosen != null && RecordAudit.isRdma(chosen.transport())) {
        continue;
      }
      List<String> lost = new ArrayList<>();
      for (Candidate c : d.alternatives()) {
        if (c.transport().kind() == TransportKind.LIBFABRIC
            && RecordAudit.isRdma(c.transport()) && !c.has(ReasonCode.DIFFERENT_SITE)
            && lists(fleet.host(d.src().host()), c.transport())
            && lists(fleet.host(d.dst().host()), c.transport())) {
          lost.add(c.transport().label() + " " + c.reasons().stream().map(Enum::name)
              .collect(Collectors.joining(","))
              + (c.detail() == null ? "" : " (" + c.detail() + ")"));
        }
      }
      String pair = d.src().host() + " -> " + d.dst().host();
      if (!lost.isEmpty() && pairs.add(pair) && pairs.size() <= RecordAudit.MAX_LINES_PER_KIND) {
        warnings.add(hop.label() + ": no RDMA between " + pair + ": "
            + (chosen == null ? "nothing" : chosen.transport().label()) + " carries it; "
            + String.join("; ", lost));
      }
    }
    if (pairs.size() > RecordAudit.MAX_LINES_PER_KIND) {
      warnings.add("... and " + (pairs.size() - RecordAudit.MAX_LINES_PER_KIND)
          + " more host pairs without RDMA");
    }
    return warnings;
  }

  /** True when the host lists the transport's fabric, whatever became of probing it. */
  private static boolean lists(CapabilityRecord host, Transport t) {
    return host.fabrics().stream().anyMatch(f -> f.provider().equals(t.provider())
        && f.endpointType() == t.endpointType() && f.fabricName().equals(t.fabricName()));
  }

  /** What crosses the hop after a stage of the given layers. */
  static HopTraffic hopTraffic(ModelSpec model, TrafficSpec traffic, int sendingStageLayers) {
    return new HopTraffic(model.activationBytesPerToken(),
        model.kvBytesPerToken(sendingStageLayers) * traffic.kvTokens(),
        traffic.tokensPerRequest(), traffic.kvTransfersPerRequest());
  }

  private static long vramNeeded(Pipeline pipeline, int layers) {
    ModelSpec model = pipeline.model();
    return model.weightsBytes(layers) + model.kvBytesPerToken(layers) * pipeline.traffic().kvTokens();
  }

  private static List<Gpu> resolve(Fleet fleet, Pipeline pipeline) throws InvalidInputException {
    List<String> problems = new ArrayList<>();
    List<Gpu> gpus = new ArrayList<>();
    Set<String> used = new HashSet<>();
    for (int i = 0; i < pipeline.stages().size(); i++) {
      String ref = pipeline.stages().get(i).gpu();
      String at = pipeline.source() + ": /stages/" + i + "/gpu: ";
      int colon = ref.lastIndexOf(':');
      CapabilityRecord host = colon > 0 ? fleet.host(ref.substring(0, colon)) : null;
      if (colon <= 0) {
        problems.add(at + "wanted \"HOST:INDEX\" or \"HOST:GPU-UUID\", got \"" + ref + "\"");
        continue;
      }
      if (host == null) {
        problems.add(at + "wanted a host id from the records (" + hostIds(fleet) + "), got \""
            + ref.substring(0, colon) + "\"");
        continue;
      }
      String gpuRef = ref.substring(colon + 1);
      Gpu gpu = host.gpus().stream()
          .filter(g -> g.id().equals(gpuRef) || Integer.toString(g.index()).equals(gpuRef))
          .findFirst().orElse(null);
      if (gpu == null) {
        problems.add(at + "wanted a GPU index or id of " + host.host().id() + " (it has "
            + host.gpus().size() + " GPUs), got \"" + gpuRef + "\"");
        continue;
      }
      if (!used.add(host.host().id() + "\n" + gpu.id())) {
        problems.add(at + "wanted a GPU no other stage uses, \"" + ref + "\" is taken");
        continue;
      }
      int layers = pipeline.stages().get(i).layers();
      long need = vramNeeded(pipeline, layers);
      if (need > gpu.vramBytes() * pipeline.vramFraction()) {
        problems.add(String.format(Locale.ROOT,
            "%swanted a GPU with room for stage %d: its %d layers need %.1f GB (weights plus %d"
                + " tokens of KV), but %s (%s) has %.1f GB, %.1f GB within vram_fraction %.2f; use"
                + " more stages or a bigger GPU",
            at, i, layers, need / 1e9, pipeline.traffic().kvTokens(), ref, gpu.name(),
            gpu.vramBytes() / 1e9, gpu.vramBytes() * pipeline.vramFraction() / 1e9,
            pipeline.vramFraction()));
        continue;
      }
      gpus.add(gpu);
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    return gpus;
  }

  /**
   * Places stages contiguously: stage 0 on the first GPU with room (host id, then index); each next
   * stage goes to the unused GPU with room that is cheapest to reach from the previous stage, on the
   * current host or on a host not used yet (staying wins ties), so a host once left is never
   * returned to and stages do not zig-zag between hosts. Hosts the planner cannot tell apart are one
   * {@link FleetTransportTable} class, so only the first unused host of each class is costed, which
   * keeps placement fast on a large fleet.
   */
  private static List<Gpu> place(TransportPlanner planner, Pipeline pipeline)
      throws InvalidInputException {
    Fleet fleet = planner.fleet();
    List<List<CapabilityRecord>> classes =
        FleetTransportTable.hostClasses(fleet, planner.settings());
    int[] nextMember = new int[classes.size()];
    Set<String> visited = new HashSet<>();
    List<Gpu> placed = new ArrayList<>();
    List<Endpoint> ends = new ArrayList<>();
    Set<Gpu> used = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    CapabilityRecord current = null;
    for (int i = 0; i < pipeline.stages().size(); i++) {
      int layers = pipeline.stages().get(i).layers();
      long need = vramNeeded(pipeline, layers);
      HopTraffic traffic = i == 0 ? null : hopTraffic(pipeline.model(), pipeline.traffic(),
          pipeline.stages().get(i - 1).layers());
      Choice stay = current == null ? null
          : cheapest(planner, ends, current, need, pipeline, used, traffic);
      Choice best = stay;
      {
        for (int c = 0; c < classes.size(); c++) {
          List<CapabilityRecord> members = classes.get(c);
          while (nextMember[c] < members.size()
              && (visited.contains(members.get(nextMember[c]).host().id())
                  || !hasRoom(members.get(nextMember[c]), need, pipeline))) {
            nextMember[c]++;
          }
          if (nextMember[c] == members.size()) {
            continue;
          }
          Choice here = cheapest(planner, ends, members.get(nextMember[c]), need, pipeline, used,
              traffic);
          // Moving must be strictly cheaper than staying; among hosts, the cheapest, then by id.
          if (best == null || here.cost() < best.cost() || best != stay && here.cost() == best.cost()
              && here.host().host().id().compareTo(best.host().host().id()) < 0) {
            best = here;
          }
        }
      }
      if (best == null) {
        throw new InvalidInputException(String.format(Locale.ROOT,
            "%s: /stages/%d: stage %d (%d layers) needs %.1f GB of VRAM (weights plus %d tokens of"
                + " KV) within vram_fraction %.2f, but no unused GPU in the records has that much;"
                + " use more stages or bigger GPUs",
            pipeline.source(), i, i, layers, need / 1e9, pipeline.traffic().kvTokens(),
            pipeline.vramFraction()));
      }
      current = best.host();
      visited.add(current.host().id());
      placed.add(best.gpu());
      used.add(best.gpu());
      ends.add(Endpoint.gpu(current.host().id(), best.gpu().id()));
    }
    return placed;
  }

  /** A GPU for the next stage and what the hop to it costs per request. */
  private record Choice(CapabilityRecord host, Gpu gpu, double cost) {}

  private static boolean hasRoom(CapabilityRecord host, long need, Pipeline pipeline) {
    return host.gpus().stream().anyMatch(g -> g.vramBytes() * pipeline.vramFraction() >= need);
  }

  /** The host's unused GPU with room that is cheapest to reach from the last stage; null if none. */
  private static Choice cheapest(TransportPlanner planner, List<Endpoint> ends,
      CapabilityRecord host, long need, Pipeline pipeline, Set<Gpu> used, HopTraffic traffic) {
    Choice best = null;
    for (Gpu gpu : sortedGpus(host)) {
      if (used.contains(gpu) || gpu.vramBytes() * pipeline.vramFraction() < need) {
        continue;
      }
      double cost = ends.isEmpty() ? 0 : costOf(planner.planHop(ends.get(ends.size() - 1),
          Endpoint.gpu(host.host().id(), gpu.id()), traffic).chosen());
      if (best == null || cost < best.cost()) {
        best = new Choice(host, gpu, cost);
      }
      if (ends.isEmpty()) {
        break;
      }
    }
    return best;
  }

  /** A chosen candidate's per-request cost; unestimated QUIC ranks after any estimate. */
  private static double costOf(Candidate chosen) {
    if (chosen == null) {
      return Double.POSITIVE_INFINITY;
    }
    return chosen.estimate() == null ? Double.MAX_VALUE : chosen.estimate().perRequestUs();
  }

  private static Endpoint endpointOf(Fleet fleet, Gpu gpu) {
    for (CapabilityRecord host : fleet.records()) {
      for (Gpu g : host.gpus()) {
        if (g == gpu) {
          return Endpoint.gpu(host.host().id(), g.id());
        }
      }
    }
    throw new IllegalArgumentException("GPU not in the fleet: " + gpu.id());
  }

  private static List<Gpu> sortedGpus(CapabilityRecord host) {
    List<Gpu> gpus = new ArrayList<>(host.gpus());
    gpus.sort(Comparator.comparingInt(Gpu::index));
    return gpus;
  }

  private static Endpoint firstEnd(CapabilityRecord host) {
    List<Gpu> gpus = sortedGpus(host);
    return gpus.isEmpty() ? Endpoint.hostMemory(host.host().id())
        : Endpoint.gpu(host.host().id(), gpus.get(0).id());
  }

  private static String hostIds(Fleet fleet) {
    List<String> ids = fleet.records().stream().map(r -> r.host().id()).toList();
    return ids.size() <= 8 ? String.join(", ", ids)
        : String.join(", ", ids.subList(0, 8)) + ", ... " + (ids.size() - 8) + " more";
  }

  private static List<HostSummary> summaries(Fleet fleet, PlannerSettings settings) {
    return fleet.records().stream()
        .map(r -> HostSummary.of(r, r.isOlderThan(settings.maxRecordAge(), settings.now())))
        .toList();
  }

  /** Warnings about the records of the used hosts, then about the hops. */
  private static List<String> warnings(
      Fleet fleet, PlannerSettings settings, List<PlannedHop> hops, Set<String> used) {
    List<String> warnings = new ArrayList<>();
    warnings.addAll(RecordAudit.audit(fleet.records(), used, settings));
    warnings.addAll(rdmaLost(fleet, hops));
    int stale = 0;
    for (CapabilityRecord r : fleet.records()) {
      if (used.contains(r.host().id()) && r.isOlderThan(settings.maxRecordAge(), settings.now())
          && ++stale <= RecordAudit.MAX_LINES_PER_KIND) {
        warnings.add("record of " + r.host().id() + " is stale: measured " + r.host().measuredAt()
            + ", more than " + settings.maxRecordAge().toHours() + " h before " + settings.now()
            + "; re-run probe-agent");
      }
    }
    if (stale > RecordAudit.MAX_LINES_PER_KIND) {
      warnings.add("... and " + (stale - RecordAudit.MAX_LINES_PER_KIND) + " more stale records");
    }
    for (PlannedHop hop : hops) {
      Candidate chosen = hop.decision().chosen();
      if (chosen == null) {
        warnings.add(hop.label() + ": no transport can carry this hop (every probe failed)");
      } else if (chosen.has(ReasonCode.QUIC_FALLBACK)) {
        warnings.add(hop.label() + ": nothing was measured; falling back to QUIC without an"
            + " estimate");
      } else if (!hop.decision().outcome().meetsLatencyCap()) {
        warnings.add(String.format(Locale.ROOT,
            "%s: no transport meets the latency cap of %.3f us; %s is fastest at %.3f us per token",
            hop.label(), settings.latencyCapUs(), chosen.transport().label(),
            chosen.estimate().tokenUs()));
      }
    }
    return warnings;
  }
}
