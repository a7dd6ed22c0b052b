package dev.fabricplanner.core.route;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.core.pipeline.ModelSpec;
import dev.fabricplanner.core.pipeline.Pipeline;
import dev.fabricplanner.core.pipeline.StageSpec;
import dev.fabricplanner.core.pipeline.TrafficSpec;
import dev.fabricplanner.core.plan.Candidate;
import dev.fabricplanner.core.plan.Fleet;
import dev.fabricplanner.core.plan.HopDecision;
import dev.fabricplanner.core.plan.HopTraffic;
import dev.fabricplanner.core.plan.PlannerSettings;
import dev.fabricplanner.core.plan.ReasonCode;
import dev.fabricplanner.core.plan.TransportPlanner;
import dev.fabricplanner.core.record.CapabilityRecord;
import dev.fabricplanner.core.record.Endpoint;
import dev.fabricplanner.core.record.Gpu;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

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
    List<PlannedHop> hops = new ArrayList<>();
    for (int i = 0; i + 1 < stages.size(); i++) {
      HopDecision decision = planner.planHop(ends.get(i), ends.get(i + 1),
          hopTraffic(model, pipeline.traffic(), stages.get(i).layers()));
      hops.add(new PlannedHop("stage " + i + " -> " + (i + 1), i, decision));
    }
    PlannedHop returnHop = null;
    int last = stages.size() - 1;
    if (last > 0 && !ends.get(last).equals(ends.get(0))) {
      // Decoding needs the sampled token back at stage 0 before the next step: a token's latency is
      // the round trip, which across a WAN doubles the one-way figure.
      returnHop = new PlannedHop("stage " + last + " -> 0 (sampled token)", -1,
          planner.planHop(ends.get(last), ends.get(0), new HopTraffic(SAMPLED_TOKEN_BYTES, 0,
              pipeline.traffic().tokensPerRequest(), 0)));
    }
    List<PlannedHop> all = new ArrayList<>(hops);
    if (returnHop != null) {
      all.add(returnHop);
    }
    String name = pipeline.source();
    return new RoutePlan(name, model, pipeline.traffic(), settings, summaries(fleet, settings),
        stages, hops, returnHop, warnings(fleet, settings, all));
  }

  /** The sampled token sent back to the first stage: one int32 token id. */
  public static final long SAMPLED_TOKEN_BYTES = 4;

  /**
   * Plans without a pipeline: a hop between every ordered pair of hosts (each host's first GPU, or host
   * memory where it has none) and, inside each host, from its first GPU to each other GPU. Traffic is
   * the reference model split in two stages.
   */
  public RoutePlan survey(List<CapabilityRecord> records, PlannerSettings settings) {
    Fleet fleet = new Fleet(records);
    TransportPlanner planner = new TransportPlanner(fleet, settings);
    ModelSpec model = ModelSpec.REFERENCE;
    HopTraffic traffic = hopTraffic(model, TrafficSpec.DEFAULT, model.layers() / 2);
    List<PlannedHop> hops = new ArrayList<>();
    for (CapabilityRecord host : fleet.records()) {
      List<Gpu> gpus = sortedGpus(host);
      for (int i = 1; i < gpus.size(); i++) {
        Endpoint src = Endpoint.gpu(host.host().id(), gpus.get(0).id());
        Endpoint dst = Endpoint.gpu(host.host().id(), gpus.get(i).id());
        hops.add(new PlannedHop(host.host().id() + ":" + gpus.get(0).index() + " -> "
            + host.host().id() + ":" + gpus.get(i).index(), -1, planner.planHop(src, dst, traffic)));
      }
    }
    for (CapabilityRecord a : fleet.records()) {
      for (CapabilityRecord b : fleet.records()) {
        if (a != b) {
          Endpoint src = firstEnd(a);
          Endpoint dst = firstEnd(b);
          hops.add(new PlannedHop(a.host().id() + " -> " + b.host().id(), -1,
              planner.planHop(src, dst, traffic)));
        }
      }
    }
    return new RoutePlan("fleet survey", model, TrafficSpec.DEFAULT, settings,
        summaries(fleet, settings), List.of(), hops, null, warnings(fleet, settings, hops));
  }

  /**
   * One warning per host pair whose hop does not use RDMA although an RDMA fabric was a candidate:
   * the silent fall back to TCP that users most often report. Says what was chosen and why each RDMA
   * fabric lost.
   */
  private static List<String> rdmaLost(List<PlannedHop> hops) {
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
        if (c.transport().kind() == dev.fabricplanner.core.plan.TransportKind.LIBFABRIC
            && RecordAudit.isRdma(c.transport())) {
          lost.add(c.transport().label() + " " + c.reasons().stream().map(Enum::name)
              .collect(java.util.stream.Collectors.joining(","))
              + (c.detail() == null ? "" : " (" + c.detail() + ")"));
        }
      }
      String pair = d.src().host() + " -> " + d.dst().host();
      if (!lost.isEmpty() && pairs.add(pair)) {
        warnings.add(hop.label() + ": no RDMA between " + pair + ": "
            + (chosen == null ? "nothing" : chosen.transport().label()) + " carries it; "
            + String.join("; ", lost));
      }
    }
    return warnings;
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

  private static List<Gpu> place(TransportPlanner planner, Pipeline pipeline)
      throws InvalidInputException {
    Fleet fleet = planner.fleet();
    List<Gpu> all = new ArrayList<>();
    for (CapabilityRecord host : fleet.records()) {
      all.addAll(sortedGpus(host));
    }
    List<Gpu> placed = new ArrayList<>();
    Set<Gpu> used = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (int i = 0; i < pipeline.stages().size(); i++) {
      int layers = pipeline.stages().get(i).layers();
      long need = vramNeeded(pipeline, layers);
      Gpu best = null;
      double bestCost = Double.POSITIVE_INFINITY;
      for (Gpu gpu : all) {
        if (used.contains(gpu) || gpu.vramBytes() * pipeline.vramFraction() < need) {
          continue;
        }
        if (placed.isEmpty()) {
          best = gpu;
          break;
        }
        Gpu previous = placed.get(placed.size() - 1);
        HopDecision hop = planner.planHop(endpointOf(fleet, previous), endpointOf(fleet, gpu),
            hopTraffic(pipeline.model(), pipeline.traffic(),
                pipeline.stages().get(i - 1).layers()));
        double cost = costOf(hop.chosen());
        if (cost < bestCost) {
          best = gpu;
          bestCost = cost;
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
      placed.add(best);
      used.add(best);
    }
    return placed;
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

  private static List<String> warnings(
      Fleet fleet, PlannerSettings settings, List<PlannedHop> hops) {
    List<String> warnings = new ArrayList<>();
    Set<String> used = new HashSet<>();
    for (PlannedHop hop : hops) {
      used.add(hop.decision().src().host());
      used.add(hop.decision().dst().host());
    }
    warnings.addAll(RecordAudit.audit(fleet.records(), used, settings));
    warnings.addAll(rdmaLost(hops));
    for (CapabilityRecord r : fleet.records()) {
      if (used.contains(r.host().id()) && r.isOlderThan(settings.maxRecordAge(), settings.now())) {
        warnings.add("record of " + r.host().id() + " is stale: measured " + r.host().measuredAt()
            + ", more than " + settings.maxRecordAge().toHours() + " h before " + settings.now()
            + "; re-run probe-agent");
      }
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
