package dev.fabricplanner.core.plan;

import dev.fabricplanner.core.plan.HopDecision.HopOutcome;
import dev.fabricplanner.core.record.CapabilityRecord;
import dev.fabricplanner.core.record.Endpoint;
import dev.fabricplanner.core.record.Fabric;
import dev.fabricplanner.core.record.Gpu;
import dev.fabricplanner.core.record.GpuPair;
import dev.fabricplanner.core.record.NvmlP2pStatus;
import dev.fabricplanner.core.record.PathClass;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The transport decision for every ordered pair of GPUs in a fleet, without planning 6.4e9 pairs one by
 * one. Hosts that no measurement names and whose records look the same to the planner (GPUs, GPU
 * pairs, fabrics with their status, staleness) form a class; a host that a measurement names is a class
 * of its own. The planner then runs once per GPU pair of each class pair, on representative hosts, and
 * the result counts for every member pair: the {@link TransportPlanner} reads nothing else, so each
 * member pair's decision is exactly the representative's ({@code FleetTransportTableTest} checks this
 * against planning every pair).
 */
public final class FleetTransportTable {
  private final Map<String, Integer> classOfHost = new HashMap<>();
  private final List<List<CapabilityRecord>> classes = new ArrayList<>();
  private final Map<String, HopOutcome> outcomes = new HashMap<>();
  private final Map<String, Long> pairsByTransport = new TreeMap<>();
  private final Map<String, Double> tokenUsByTransport = new TreeMap<>();
  private long gpuPairs;
  private long hopsPlanned;

  private FleetTransportTable() {}

  /** Plans every ordered GPU pair of the planner's fleet for the given traffic. */
  public static FleetTransportTable plan(TransportPlanner planner, HopTraffic traffic) {
    FleetTransportTable table = new FleetTransportTable();
    table.group(planner.fleet(), planner.settings());
    table.planClasses(planner, traffic);
    return table;
  }

  /**
   * The fleet's host classes (hosts the planner cannot tell apart), each in host-id order, the classes
   * in the order of their first host.
   */
  public static List<List<CapabilityRecord>> hostClasses(Fleet fleet, PlannerSettings settings) {
    FleetTransportTable table = new FleetTransportTable();
    table.group(fleet, settings);
    return table.classes.stream().map(List::copyOf).toList();
  }

  private void group(Fleet fleet, PlannerSettings settings) {
    Map<Object, Integer> bySignature = new HashMap<>();
    for (CapabilityRecord record : fleet.records()) {
      String id = record.host().id();
      Object signature = fleet.measuredHosts().contains(id)
          ? "measured\n" + id
          : signature(record, record.isOlderThan(settings.maxRecordAge(), settings.now()));
      Integer index = bySignature.get(signature);
      if (index == null) {
        index = classes.size();
        bySignature.put(signature, index);
        classes.add(new ArrayList<>());
      }
      classes.get(index).add(record);
      classOfHost.put(id, index);
    }
  }

  /** Everything the planner reads from an unmeasured host's record, except its identity. */
  private static HostShape signature(CapabilityRecord record, boolean stale) {
    List<Gpu> gpus = sortedGpus(record);
    List<String> gpuNames = new ArrayList<>(gpus.size());
    Map<String, Integer> position = new HashMap<>();
    for (int i = 0; i < gpus.size(); i++) {
      gpuNames.add(gpus.get(i).index() + " " + gpus.get(i).name());
      position.put(gpus.get(i).id(), i);
    }
    List<PairShape> pairs = new ArrayList<>(record.gpuPairs().size());
    for (GpuPair p : record.gpuPairs()) {
      pairs.add(new PairShape(position.get(p.gpuA()), position.get(p.gpuB()), p.peerAccess(),
          p.nvlinkActive(), p.nvlinkCount(), p.pathClass(), p.nvmlP2pStatus()));
    }
    pairs.sort(Comparator.comparingInt(PairShape::a).thenComparingInt(PairShape::b));
    List<Fabric> fabrics = new ArrayList<>(record.fabrics().size());
    for (Fabric f : record.fabrics()) {
      fabrics.add(new Fabric("", f.backend(), f.provider(), f.endpointType(), f.fabricName(),
          f.domainName(), f.status(), f.reason(), f.hmem(), f.rma(), f.numaNode()));
    }
    return new HostShape(stale, record.host().site(), gpuNames, pairs, fabrics);
  }

  /** A host as the planner sees it, identity aside; equal shapes plan alike. */
  private record HostShape(
      boolean stale, String site, List<String> gpus, List<PairShape> pairs, List<Fabric> fabrics) {}

  /** GPU pair facts by GPU position on the host. */
  private record PairShape(
      int a, int b, boolean peer, boolean nvlink, int links, PathClass path, NvmlP2pStatus p2p) {}

  private void planClasses(TransportPlanner planner, HopTraffic traffic) {
    for (int a = 0; a < classes.size(); a++) {
      List<CapabilityRecord> classA = classes.get(a);
      CapabilityRecord repA = classA.get(0);
      List<Gpu> gpusA = sortedGpus(repA);
      // Pairs inside one host.
      for (Gpu i : gpusA) {
        for (Gpu j : gpusA) {
          if (i != j) {
            record(planner, traffic, key(a, a, true, i.index(), j.index()),
                Endpoint.gpu(repA.host().id(), i.id()), Endpoint.gpu(repA.host().id(), j.id()),
                classA.size());
          }
        }
      }
      // Pairs across hosts.
      for (int b = 0; b < classes.size(); b++) {
        List<CapabilityRecord> classB = classes.get(b);
        long hostPairs = a == b ? (long) classA.size() * (classA.size() - 1)
            : (long) classA.size() * classB.size();
        if (hostPairs == 0) {
          continue;
        }
        CapabilityRecord repB = a == b ? classB.get(1) : classB.get(0);
        for (Gpu i : gpusA) {
          for (Gpu j : sortedGpus(repB)) {
            record(planner, traffic, key(a, b, false, i.index(), j.index()),
                Endpoint.gpu(repA.host().id(), i.id()), Endpoint.gpu(repB.host().id(), j.id()),
                hostPairs);
          }
        }
      }
    }
  }

  private void record(TransportPlanner planner, HopTraffic traffic, String key, Endpoint src,
      Endpoint dst, long count) {
    HopOutcome outcome = planner.planHop(src, dst, traffic).outcome();
    hopsPlanned++;
    outcomes.put(key, outcome);
    String label = outcome.chosen() == null ? "none" : outcome.chosen().transport().name();
    pairsByTransport.merge(label, count, Long::sum);
    if (outcome.chosen() != null && outcome.chosen().estimate() != null) {
      tokenUsByTransport.merge(label, outcome.chosen().estimate().tokenUs() * count, Double::sum);
    }
    gpuPairs += count;
  }

  private static String key(int a, int b, boolean sameHost, int gpuA, int gpuB) {
    return a + ":" + b + ":" + sameHost + ":" + gpuA + ":" + gpuB;
  }

  /** The decision for one ordered GPU pair, found through the hosts' classes. */
  public HopOutcome outcome(Fleet fleet, Endpoint src, Endpoint dst) {
    int a = classOfHost.get(src.host());
    int b = classOfHost.get(dst.host());
    int gpuA = fleet.host(src.host()).gpu(src.gpu()).index();
    int gpuB = fleet.host(dst.host()).gpu(dst.gpu()).index();
    return outcomes.get(key(a, b, src.host().equals(dst.host()), gpuA, gpuB));
  }

  /** Ordered GPU pairs per chosen transport name ("none" where nothing can carry the hop). */
  public Map<String, Long> pairsByTransport() {
    return pairsByTransport;
  }

  /** Sum over pairs of the chosen transport's per-token estimate, per transport name. */
  public Map<String, Double> tokenUsByTransport() {
    return tokenUsByTransport;
  }

  public long gpuPairs() {
    return gpuPairs;
  }

  public int classes() {
    return classes.size();
  }

  public long hopsPlanned() {
    return hopsPlanned;
  }

  private static List<Gpu> sortedGpus(CapabilityRecord record) {
    List<Gpu> gpus = new ArrayList<>(record.gpus());
    gpus.sort(Comparator.comparingInt(Gpu::index));
    return gpus;
  }
}
