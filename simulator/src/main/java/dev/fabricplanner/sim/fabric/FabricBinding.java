package dev.fabricplanner.sim.fabric;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.core.NameHint;
import dev.fabricplanner.core.plan.Candidate;
import dev.fabricplanner.core.plan.Fleet;
import dev.fabricplanner.core.plan.HopDecision.HopOutcome;
import dev.fabricplanner.core.plan.HopTraffic;
import dev.fabricplanner.core.plan.PlannerSettings;
import dev.fabricplanner.core.plan.ReasonCode;
import dev.fabricplanner.core.plan.Transport;
import dev.fabricplanner.core.plan.TransportPlanner;
import dev.fabricplanner.core.record.CapabilityRecord;
import dev.fabricplanner.core.record.CapabilityRecordReader;
import dev.fabricplanner.core.record.Endpoint;
import dev.fabricplanner.core.record.Gpu;
import dev.fabricplanner.core.record.HostIdentity;
import dev.fabricplanner.sim.config.DisaggregationConfig;
import dev.fabricplanner.sim.config.SimulationConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A simulated fleet bound to measured capability records. Cell c is a host like record
 * {@code hosts[c % hosts]}; its nodes are that host's GPUs (node i of the cell on GPU i x tp). The
 * first {@code prefill_nodes_per_cell} nodes of each cell prefill, the rest decode.
 *
 * <p>The planner prices KV transfers once per pair of (record host, GPU) ends at start, never per
 * request: inside one cell between the host's GPUs, across cells between the two records' hosts. Two
 * cells bound to the same record are two hosts alike: the planner sees the second as an unmeasured
 * copy of the record (id {@code host~peer}), so their transfers are priced from the fabric's
 * representative measurement, as for any unmeasured pair of a real fleet.
 */
public final class FabricBinding {
  private static final String PEER = "~peer";

  private final int nodesPerCell;
  private final int prefillPerCell;
  private final int tp;
  private final String[] hostOfCell;
  private final Map<String, KvTransferPrice> prices = new HashMap<>();
  private final Map<String, String> fallbacks = new TreeMap<>();

  private FabricBinding(int nodesPerCell, int prefillPerCell, int tp, String[] hostOfCell) {
    this.nodesPerCell = nodesPerCell;
    this.prefillPerCell = prefillPerCell;
    this.tp = tp;
    this.hostOfCell = hostOfCell;
  }

  /**
   * Reads the records, checks the binding and prices every prefill-to-decode pair the fleet has.
   *
   * @param kvBytesPerToken KV bytes per prompt token of the served model
   */
  public static FabricBinding bind(SimulationConfig config, double kvBytesPerToken)
      throws InvalidInputException {
    DisaggregationConfig d = config.disaggregation().orElseThrow();
    String where = "disaggregation.records (" + d.records() + ")";
    List<CapabilityRecord> read = new CapabilityRecordReader().readAll(Path.of(d.records()));
    Map<String, CapabilityRecord> byId = new TreeMap<>();
    for (CapabilityRecord r : read) {
      byId.put(r.host().id(), r);
    }
    int cells = config.topology().cells();
    int perCell = config.topology().nodesPerCell();
    int tp = config.topology().engine().namesModel() ? config.topology().engine().tp() : 1;
    String[] hostOfCell = new String[cells];
    Map<String, Integer> cellsPerHost = new TreeMap<>();
    for (int c = 0; c < cells; c++) {
      String host = d.hosts().get(c % d.hosts().size());
      CapabilityRecord record = byId.get(host);
      if (record == null) {
        throw new InvalidInputException(List.of("disaggregation.hosts: no record for host \"" + host
            + "\" in " + d.records() + NameHint.hint(host, byId.keySet())));
      }
      if (record.gpus().size() < perCell * tp) {
        throw new InvalidInputException(List.of("disaggregation.hosts: host \"" + host + "\" has "
            + record.gpus().size() + " GPU(s) in its record, fewer than topology.nodes_per_cell ("
            + perCell + ") x engine.tp (" + tp + ")"));
      }
      hostOfCell[c] = host;
      cellsPerHost.merge(host, 1, Integer::sum);
    }
    List<CapabilityRecord> fleetRecords = new ArrayList<>(read);
    cellsPerHost.forEach((host, count) -> {
      if (count > 1) {
        fleetRecords.add(peerOf(byId.get(host)));
      }
    });
    Instant newest = read.stream().map(r -> r.host().measuredAt()).max(Comparator.naturalOrder())
        .orElse(Instant.EPOCH);
    // Staleness is judged at the newest record's time, never the clock: same inputs, same prices.
    Fleet fleet = new Fleet(fleetRecords);
    TransportPlanner planner = new TransportPlanner(fleet, PlannerSettings.defaults(newest));
    FabricBinding binding = new FabricBinding(perCell, d.prefillNodesPerCell(), tp, hostOfCell);
    TreeSet<String> seen = new TreeSet<>();
    for (String a : cellsPerHost.keySet()) {
      for (String b : cellsPerHost.keySet()) {
        boolean crossSameRecord = a.equals(b) && cellsPerHost.get(a) > 1;
        for (int i = 0; i < d.prefillNodesPerCell(); i++) {
          for (int j = d.prefillNodesPerCell(); j < perCell; j++) {
            if (a.equals(b)) {
              binding.price(planner, where, byId.get(a), i * tp, a, j * tp, true, kvBytesPerToken,
                  d.disabledTransports(), seen);
            }
            if (!a.equals(b) || crossSameRecord) {
              binding.price(planner, where, byId.get(a), i * tp, a.equals(b) ? a + PEER : b, j * tp,
                  false, kvBytesPerToken, d.disabledTransports(), seen);
            }
          }
        }
      }
    }
    for (String name : d.disabledTransports()) {
      if (seen.stream().noneMatch(t -> matches(name, t))) {
        throw new InvalidInputException(List.of("disaggregation.disable_transports: \"" + name
            + "\" is no transport between the bound hosts (they have " + String.join(", ", seen)
            + ")"));
      }
    }
    return binding;
  }

  /** The record of another host just like this one, measured nowhere. */
  private static CapabilityRecord peerOf(CapabilityRecord r) {
    HostIdentity h = r.host();
    return new CapabilityRecord(new HostIdentity(h.id() + PEER, h.hostname() + PEER,
        h.agentVersion(), h.measuredAt(), h.site(), h.provenance(), h.software()), r.gpus(),
        r.gpuPairs(), r.fabrics(), List.of());
  }

  private void price(TransportPlanner planner, String where, CapabilityRecord from, int gpuFrom,
      String toHost, int gpuTo, boolean sameCell, double kvBytesPerToken, List<String> disabled,
      TreeSet<String> seen) throws InvalidInputException {
    Endpoint src = Endpoint.gpu(from.host().id(), gpuId(from, gpuFrom));
    Endpoint dst = Endpoint.gpu(toHost, gpuId(planner.fleet().host(toHost), gpuTo));
    int top = KvTransferPrice.TOP_POWER;
    double[] us = new double[top + 1];
    String[] names = new String[top + 1];
    boolean[] extrapolated = new boolean[top + 1];
    String preferred = null;
    for (int k = 0; k <= top; k++) {
      long bytes = Math.round(kvBytesPerToken * (1L << k));
      HopOutcome outcome = planner.planHop(src, dst, new HopTraffic(0, bytes, 0, 1)).outcome();
      List<Candidate> ranked = new ArrayList<>();
      if (outcome.chosen() != null) {
        ranked.add(outcome.chosen());
      }
      ranked.addAll(outcome.alternatives());
      ranked.forEach(c -> seen.add(c.transport().name()));
      Candidate use = null;
      for (Candidate c : ranked) {
        boolean usable = c.estimate() != null && (c == outcome.chosen() || !c.disqualified());
        if (usable && disabled.stream().noneMatch(n -> matches(n, c.transport().name()))) {
          use = c;
          break;
        }
      }
      if (use == null) {
        throw new InvalidInputException(List.of(where + ": no usable link for KV transfers from "
            + src + " to " + dst.toString().replace(PEER, " (another host like it)")
            + (disabled.isEmpty() ? "" : " with " + String.join(", ", disabled) + " disabled")
            + "; candidates: " + describe(ranked)));
      }
      if (k == top && outcome.chosen() != null) {
        preferred = outcome.chosen().transport().name();
      }
      us[k] = use.estimate().kvTransferUs();
      names[k] = use.transport().name();
      extrapolated[k] = use.has(ReasonCode.EXTRAPOLATED);
    }
    KvTransferPrice price = new KvTransferPrice(us, names, extrapolated,
        preferred == null ? names[top] : preferred);
    String key = key(from.host().id(), gpuFrom, toHost.replace(PEER, ""), gpuTo, sameCell);
    prices.put(key, price);
    if (price.fellBack()) {
      fallbacks.put(key.replace('|', ' '), price.preferred() + " -> " + names[top]);
    }
  }

  private static String describe(List<Candidate> ranked) {
    List<String> parts = new ArrayList<>();
    for (Candidate c : ranked) {
      parts.add(c.transport().name() + " " + c.reasons());
    }
    return String.join(", ", parts);
  }

  private static String gpuId(CapabilityRecord record, int index) {
    List<Gpu> gpus = new ArrayList<>(record.gpus());
    gpus.sort(Comparator.comparingInt(Gpu::index));
    return gpus.get(index).id();
  }

  /** A disabled name matches a transport by its name (libfabric:efa) or its provider (efa). */
  static boolean matches(String disabled, String transportName) {
    return disabled.equals(transportName) || transportName.endsWith(":" + disabled);
  }

  private static String key(String a, int gpuA, String b, int gpuB, boolean sameCell) {
    return a + "|" + gpuA + "|" + b + "|" + gpuB + "|" + (sameCell ? "same-host" : "cross-host");
  }

  public boolean prefills(int node) {
    return node % nodesPerCell < prefillPerCell;
  }

  public boolean decodes(int node) {
    return !prefills(node);
  }

  /** The price of KV transfers from a prefill node to a decode node. */
  public KvTransferPrice price(int prefillNode, int decodeNode) {
    int ca = prefillNode / nodesPerCell;
    int cb = decodeNode / nodesPerCell;
    return prices.get(key(hostOfCell[ca], (prefillNode % nodesPerCell) * tp, hostOfCell[cb],
        (decodeNode % nodesPerCell) * tp, ca == cb));
  }

  /**
   * The two link ends a transfer between these nodes holds: the GPUs' NVLink (or PCIe) inside a host,
   * else the hosts' NIC groups of the transport. The transport is the last word of each name.
   */
  public String[] links(int prefillNode, int decodeNode, String transport) {
    int ca = prefillNode / nodesPerCell;
    int cb = decodeNode / nodesPerCell;
    if (ca == cb) {
      return new String[] {"node " + prefillNode + " out " + transport,
          "node " + decodeNode + " in " + transport};
    }
    return new String[] {"cell " + ca + " (" + hostOfCell[ca] + ") out " + transport,
        "cell " + cb + " (" + hostOfCell[cb] + ") in " + transport};
  }

  /** Host pairs whose KV transfers use another transport than the planner prefers: key -> a -> b. */
  public Map<String, String> fallbacks() {
    return fallbacks;
  }

  /** The record host id cell c is bound to. */
  public String hostOfCell(int cell) {
    return hostOfCell[cell];
  }
}
