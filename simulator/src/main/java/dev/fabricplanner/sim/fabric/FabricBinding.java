package dev.fabricplanner.sim.fabric;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.core.NameHint;
import dev.fabricplanner.core.plan.Candidate;
import dev.fabricplanner.core.plan.Fleet;
import dev.fabricplanner.core.plan.HopDecision.HopOutcome;
import dev.fabricplanner.core.plan.HopTraffic;
import dev.fabricplanner.core.plan.PlannerSettings;
import dev.fabricplanner.core.plan.ReasonCode;
import dev.fabricplanner.core.plan.TransportPlanner;
import dev.fabricplanner.core.record.CapabilityRecord;
import dev.fabricplanner.core.record.CapabilityRecordReader;
import dev.fabricplanner.core.record.Endpoint;
import dev.fabricplanner.core.record.Gpu;
import dev.fabricplanner.core.record.HostIdentity;
import dev.fabricplanner.sim.cluster.ClusterLayout;
import dev.fabricplanner.sim.cluster.ServerClass;
import dev.fabricplanner.sim.config.DisaggregationConfig;
import dev.fabricplanner.sim.config.Fault;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.exec.ExecutionModel;
import dev.fabricplanner.sim.exec.ModelCatalog;
import dev.fabricplanner.sim.exec.ModelSpec;
import dev.fabricplanner.sim.exec.PipelineStepModel;
import dev.fabricplanner.sim.exec.TransferTime;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A simulated fleet bound to measured capability records. Cell c is a host like record
 * {@code hosts[c % hosts]}, or several consecutive ones when a server needs more GPUs than a host has
 * ({@link HostLayout}); its nodes are the hosts' GPUs (node i of the cell on the cell's GPUs from
 * i x tp x pp). The first {@code prefill_nodes_per_cell} nodes of each cell prefill, the rest decode;
 * with 0 every node does both and nothing is handed off (a fleet bound only for its TP and PP hops).
 *
 * <p>The planner prices KV transfers once per pair of (record host, GPU) ends, never per request:
 * inside one host between its GPUs, across hosts between the two records' hosts. Two hosts bound to the
 * same record are two hosts alike: the planner sees the second as an unmeasured copy of the record
 * (id {@code host~peer}), so their transfers are priced from the fabric's representative measurement,
 * as for any unmeasured pair of a real fleet. A {@code transport_down} fault switches to the prices
 * with that transport removed too, priced when first needed (the planner's fallback). A server's TP
 * all-reduces and pipeline hops are priced the same way, by size, with the configured transports
 * disabled, and again with a transport_down fault's transports removed: from then on the servers
 * step with those prices (a decode run planned ahead stops after its current step).
 */
public final class FabricBinding {
  private static final String PEER = "~peer";

  private final TransportPlanner planner;
  private final Map<String, CapabilityRecord> byId;
  private final HostLayout layout;
  private final List<Integer> representatives;
  private final String where;
  private final int nodesPerCell;
  private final int prefillPerCell;
  private final int tp;
  private final int pp;
  /** GPUs a node spans: tp × pp with a catalog model, else one. */
  private final int gpusPerNode;
  private final double kvBytesPerToken;
  /** The served catalog model; null when the profiles' own figures price steps (no TP hops). */
  private final ModelSpec model;
  /** Whether a prompt's KV streams layer by layer (the reader made sure the model is named). */
  private final boolean layerwise;
  private final List<String> disabled;
  /**
   * A fleet's TP and pipeline prices with some transports down.
   *
   * @param hops per node, the pipeline hops between its stages (none at pp 1)
   * @param allReduces per node, its TP all-reduces priced from the records; null at TP 1
   */
  private record StagePrices(StageHop[][] hops, TpRing[] allReduces) {}

  private static final StagePrices NO_STAGES = new StagePrices(new StageHop[0][], new TpRing[0]);

  /** The stage prices in use now, and those priced so far by the transports down (comma-joined). */
  private StagePrices stages = NO_STAGES;
  private final Map<String, StagePrices> stageTables = new HashMap<>();
  private String[] groups = new String[0];
  private int nodes;
  /** Set by {@link #priceSteps}: where a transport_down fault hands the servers their new prices. */
  private dev.fabricplanner.sim.cluster.Fleet steppedFleet;
  private SimulationConfig steppedConfig;
  private final TreeSet<String> seen = new TreeSet<>();
  private final Map<String, Map<String, KvTransferPrice>> tables = new HashMap<>();
  private final TreeSet<String> down = new TreeSet<>();
  private final Map<String, String> fallbacks = new TreeMap<>();
  private Map<String, KvTransferPrice> prices;

  private FabricBinding(TransportPlanner planner, Map<String, CapabilityRecord> byId,
      HostLayout layout, List<Integer> representatives, DisaggregationConfig d, int nodesPerCell,
      int tp, int pp, double kvBytesPerToken, ModelSpec model) {
    this.planner = planner;
    this.byId = byId;
    this.layout = layout;
    this.representatives = representatives;
    this.where = "disaggregation.records (" + d.records() + ")";
    this.nodesPerCell = nodesPerCell;
    this.prefillPerCell = d.prefillNodesPerCell();
    this.tp = tp;
    this.pp = pp;
    this.gpusPerNode = tp * pp;
    this.kvBytesPerToken = kvBytesPerToken;
    this.model = model;
    this.disabled = d.disabledTransports();
    this.layerwise = d.layerwiseTransfer();
  }

  /**
   * Reads the records, checks the binding and prices every prefill-to-decode pair the fleet has, with
   * the configured transports disabled and, to check they leave a way, also those of every
   * transport_down fault; then every server's TP all-reduces and pipeline hops.
   *
   * @param kvBytesPerToken KV bytes per prompt token of the served model
   */
  public static FabricBinding bind(SimulationConfig config, double kvBytesPerToken)
      throws InvalidInputException {
    DisaggregationConfig d = config.disaggregation().orElseThrow();
    List<CapabilityRecord> read = new CapabilityRecordReader().readAll(Path.of(d.records()));
    Map<String, CapabilityRecord> byId = new TreeMap<>();
    for (CapabilityRecord r : read) {
      byId.put(r.host().id(), r);
    }
    int cells = config.topology().cells();
    int perCell = config.topology().nodesPerCell();
    int tp = config.topology().engine().namesModel() ? config.topology().engine().tp() : 1;
    int pp = config.topology().engine().namesModel() ? config.topology().engine().pp() : 1;
    HostLayout layout = HostLayout.of(d.hosts(), byId, d.records(), cells, perCell, tp, pp);
    Map<String, Integer> cellsPerHost = layout.hostsPerRecord();
    List<CapabilityRecord> fleetRecords = new ArrayList<>(read);
    cellsPerHost.forEach((host, count) -> {
      if (count > 1) {
        fleetRecords.add(peerOf(byId.get(host)));
      }
    });
    // Staleness is judged at the newest record's time, never the clock: same inputs, same prices.
    Instant newest = read.stream().map(r -> r.host().measuredAt()).max(Comparator.naturalOrder())
        .orElse(Instant.EPOCH);
    TransportPlanner planner =
        new TransportPlanner(new Fleet(fleetRecords), PlannerSettings.defaults(newest));
    ModelSpec model = config.topology().engine().namesModel()
        ? ModelCatalog.builtIn().find(config.topology().engine().model()) : null;
    FabricBinding binding = new FabricBinding(planner, byId, layout,
        layout.representativeCells(cells, d.hosts().size()), d, perCell, tp, pp, kvBytesPerToken,
        model);
    binding.prices = binding.table("");
    binding.nodes = cells * perCell;
    binding.stages = binding.stagePrices("");
    checkNames(d.disabledTransports(), "disaggregation.disable_transports", binding.seen);
    List<String> faulted = new ArrayList<>();
    for (Fault f : config.faults()) {
      if (f.kind() == Fault.Kind.TRANSPORT_DOWN) {
        faulted.add(f.transport());
      }
    }
    checkNames(faulted, "faults[].transport", binding.seen);
    if (!faulted.isEmpty()) {
      // With every faulted transport down a way is left, so with fewer down there is one too.
      String all = String.join(",", new TreeSet<>(faulted));
      binding.table(all);
      binding.stagePrices(all);
    }
    return binding;
  }

  private static void checkNames(List<String> names, String field, TreeSet<String> seen)
      throws InvalidInputException {
    for (String name : names) {
      if (seen.stream().noneMatch(t -> matches(name, t))) {
        throw new InvalidInputException(List.of(field + ": \"" + name + "\" is no transport between"
            + " the bound hosts (they have " + String.join(", ", seen) + ")"));
      }
    }
  }

  /** The record of another host just like this one, measured nowhere. */
  private static CapabilityRecord peerOf(CapabilityRecord r) {
    HostIdentity h = r.host();
    return new CapabilityRecord(new HostIdentity(h.id() + PEER, h.hostname() + PEER,
        h.agentVersion(), h.measuredAt(), h.site(), h.provenance(), h.software()), r.gpus(),
        r.gpuPairs(), r.fabrics(), List.of());
  }

  /** The configured disabled transports and these (comma-separated) that are down. */
  private List<String> offWith(String downNames) {
    List<String> off = new ArrayList<>(disabled);
    if (!downNames.isEmpty()) {
      off.addAll(List.of(downNames.split(",")));
    }
    return off;
  }

  /** How a fallback names the transports down it is owed to ("" when none is). */
  private static String downNote(String downNames) {
    return downNames.isEmpty() ? "" : " (transport_down " + downNames + ")";
  }

  /** Prices of every prefill-to-decode pair with these transports (comma-separated) down as well. */
  private Map<String, KvTransferPrice> table(String downNames) throws InvalidInputException {
    Map<String, KvTransferPrice> known = tables.get(downNames);
    if (known != null) {
      return known;
    }
    List<String> off = offWith(downNames);
    String note = downNote(downNames);
    Map<String, KvTransferPrice> table = new HashMap<>();
    for (int ca : representatives) {
      for (int cb : representatives) {
        for (int i = 0; i < prefillPerCell; i++) {
          for (int j = prefillPerCell; j < nodesPerCell; j++) {
            HostLayout.GpuEnd src = layout.gpu(ca * nodesPerCell + i, 0);
            HostLayout.GpuEnd dst = layout.gpu(cb * nodesPerCell + j, 0);
            if (!table.containsKey(key(src, dst))) {
              price(table, src, dst, off, note);
            }
          }
        }
      }
    }
    tables.put(downNames, table);
    return table;
  }

  private void price(Map<String, KvTransferPrice> table, HostLayout.GpuEnd src,
      HostLayout.GpuEnd dst, List<String> off, String note) throws InvalidInputException {
    KvTransferPrice price = curve(src, dst, kvBytesPerToken, off, "KV transfers");
    String key = key(src, dst);
    table.put(key, price);
    if (price.fellBack()) {
      fallbacks.put(key.replace('|', ' ') + note,
          price.preferred() + " -> " + price.transport()[KvTransferPrice.TOP_POWER]);
    }
  }

  /** The planner's price between two GPUs of the fleet: a peer copy where two hosts share a record. */
  private KvTransferPrice curve(HostLayout.GpuEnd src, HostLayout.GpuEnd dst, double bytesPerToken,
      List<String> off, String what) throws InvalidInputException {
    String to = src.host() != dst.host() && src.record().equals(dst.record())
        ? dst.record() + PEER : dst.record();
    return curve(Endpoint.gpu(src.record(), gpuId(byId.get(src.record()), src.gpu())),
        Endpoint.gpu(to, gpuId(planner.fleet().host(to), dst.gpu())), bytesPerToken, off, what);
  }

  /**
   * The planner's price of moving 2^k tokens of {@code bytesPerToken} from src to dst, k = 0..top,
   * with the transports {@code off} skipped; {@code what} names the traffic in the error when no
   * transport is left.
   */
  private KvTransferPrice curve(Endpoint src, Endpoint dst, double bytesPerToken, List<String> off,
      String what) throws InvalidInputException {
    int top = KvTransferPrice.TOP_POWER;
    double[] us = new double[top + 1];
    String[] names = new String[top + 1];
    boolean[] extrapolated = new boolean[top + 1];
    String preferred = null;
    for (int k = 0; k <= top; k++) {
      long bytes = Math.round(bytesPerToken * (1L << k));
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
        if (usable && off.stream().noneMatch(n -> matches(n, c.transport().name()))) {
          use = c;
          break;
        }
      }
      if (use == null) {
        throw new InvalidInputException(List.of(where + ": no usable link for " + what + " from "
            + src + " to " + dst.toString().replace(PEER, " (another host like it)")
            + (off.isEmpty() ? "" : " with " + String.join(", ", off) + " down")
            + "; candidates: " + describe(ranked)));
      }
      if (k == top && outcome.chosen() != null) {
        preferred = outcome.chosen().transport().name();
      }
      us[k] = use.estimate().kvTransferUs();
      names[k] = use.transport().name();
      extrapolated[k] = use.has(ReasonCode.EXTRAPOLATED);
    }
    return new KvTransferPrice(us, names, extrapolated, preferred == null ? names[top] : preferred);
  }

  /**
   * Every node's TP all-reduces and pipeline hops priced from the records, once per distinct group of
   * GPUs, with these transports (comma-separated) down as well as the disabled ones; {@link
   * #priceSteps} hands them to the servers.
   */
  private StagePrices stagePrices(String downNames) throws InvalidInputException {
    if (model == null || tp * pp == 1) {
      return NO_STAGES;
    }
    StagePrices known = stageTables.get(downNames);
    if (known != null) {
      return known;
    }
    List<String> off = offWith(downNames);
    String note = downNote(downNames);
    StageHop[][] hops = new StageHop[nodes][];
    TpRing[] allReduces = new TpRing[nodes];
    groups = new String[nodes];
    Map<String, TpRing> ringsByGroup = new HashMap<>();
    Map<String, KvTransferPrice> hopsByEnds = new HashMap<>();
    double activations = PipelineStepModel.activationBytesPerToken(model);
    for (int node = 0; node < nodes; node++) {
      List<String> gpus = new ArrayList<>();
      for (int k = 0; k < gpusPerNode; k++) {
        HostLayout.GpuEnd g = layout.gpu(node, k);
        gpus.add(g.record() + " GPU " + g.gpu());
      }
      String group = String.join(", ", gpus);
      groups[node] = gpus.get(0) + " .. " + gpus.get(gpus.size() - 1);
      if (tp > 1) {
        TpRing ring = ringsByGroup.get(group);
        if (ring == null) {
          ring = ringAllReduces(node, off);
          ringsByGroup.put(group, ring);
        }
        allReduces[node] = ring;
      }
      hops[node] = new StageHop[pp - 1];
      for (int s = 0; s + 1 < pp; s++) {
        HostLayout.GpuEnd last = layout.gpu(node, (s + 1) * tp - 1);
        HostLayout.GpuEnd next = layout.gpu(node, (s + 1) * tp);
        String key = key(last, next);
        KvTransferPrice price = hopsByEnds.get(key);
        if (price == null) {
          price = curve(last, next, activations, off, "pipeline hops");
          hopsByEnds.put(key, price);
          if (price.fellBack()) {
            fallbacks.put(key.replace('|', ' ') + " (pipeline hop)" + note,
                price.preferred() + " -> " + price.transport()[KvTransferPrice.TOP_POWER]);
          }
        }
        hops[node][s] = new StageHop(price, last.host(), next.host());
      }
    }
    StagePrices priced = new StagePrices(hops, allReduces);
    stageTables.put(downNames, priced);
    return priced;
  }

  /**
   * Hands every node its step model with the records' prices: TP all-reduces in place of the
   * catalog link's ({@link ClusterLayout#stepModel}) and pipeline hops between its stages. A fleet
   * without a catalog model, or at TP 1 and PP 1, keeps its step models.
   */
  public void priceSteps(dev.fabricplanner.sim.cluster.Fleet fleet, SimulationConfig config)
      throws InvalidInputException {
    steppedFleet = fleet;
    steppedConfig = config;
    handStepModels(0);
  }

  /** Hands the servers step models with the stage prices in use, from {@code now} on. */
  private void handStepModels(double now) throws InvalidInputException {
    dev.fabricplanner.sim.cluster.Fleet fleet = steppedFleet;
    SimulationConfig config = steppedConfig;
    String note = down.isEmpty() ? "" : ", " + String.join(", ", down) + " down";
    for (int node = 0; node < stages.allReduces().length; node++) {
      StageHop[] hops = stages.hops()[node];
      TransferTime pipeline = pp > 1 ? tokens -> {
        double ms = 0;
        for (StageHop hop : hops) {
          ms += hop.price().ms(tokens);
        }
        return ms;
      } : null;
      ExecutionModel model = ClusterLayout.stepModel(config, fleet.classOfNode(node).profile(),
          stages.allReduces()[node], pipeline, "records (" + groups[node] + note + ")");
      fleet.useExecution(node, model, now);
    }
  }

  /** The served model's layers when a prompt's KV streams layer by layer, else 0. */
  public int kvStreamLayers() {
    return layerwise && model != null ? model.layers() : 0;
  }

  /** The node's TP all-reduces with what is down now; null at TP 1 or unbound steps. */
  TpRing tpRing(int node) {
    return node < stages.allReduces().length ? stages.allReduces()[node] : null;
  }

  /**
   * The links a TP server's steps hold (its ring's, both ways), booked in {@code ledger}; null when
   * no server is bound at TP > 1.
   */
  public TpRingLinks tpRingLinks(LinkLedger ledger) {
    for (TpRing ring : stages.allReduces()) {
      if (ring != null) {
        return new TpRingLinks(this, ledger, pp);
      }
    }
    return null;
  }

  /** The pipeline hops between node's stages with what is down now. */
  StageHop[] stageHops(int node) {
    return stages.hops()[node];
  }

  /**
   * The links a server's steps hold beyond its GPUs (its cross-host pipeline hops), booked in
   * {@code ledger} and counted from {@code measureFromMs}; null when no server has a stage on another
   * host than the one before.
   */
  public PipelineLinks pipelineLinks(LinkLedger ledger, double measureFromMs) {
    for (StageHop[] nodeHops : stages.hops()) {
      for (StageHop hop : nodeHops) {
        if (hop.crossHost()) {
          return new PipelineLinks(this, stages.hops(), pp, ledger,
              PipelineStepModel.activationBytesPerToken(model), measureFromMs);
        }
      }
    }
    return null;
  }

  /**
   * The TP all-reduces of one step of {@code node}: two per layer, each 2 (tp − 1) ring steps that
   * move a tp-th of the tokens × hidden BF16 values between neighbours of a stage's ring, every ring
   * step priced at the slowest neighbouring pair's estimate for its size (over all the node's
   * stages).
   */
  private TpRing ringAllReduces(int node, List<String> off) throws InvalidInputException {
    KvTransferPrice slowest = null;
    for (int stage = 0; stage < pp; stage++) {
      for (int k = 0; k < tp; k++) {
        HostLayout.GpuEnd a = layout.gpu(node, stage * tp + k);
        HostLayout.GpuEnd b = layout.gpu(node, stage * tp + (k + 1) % tp);
        KvTransferPrice step =
            curve(a, b, 2.0 * model.hiddenSize() / tp, off, "TP all-reduces");
        slowest = slowest == null ? step : slower(slowest, step);
      }
    }
    return new TpRing(slowest, 2.0 * model.layers() * 2 * (tp - 1));
  }

  /** At every size, the slower of two prices. */
  private static KvTransferPrice slower(KvTransferPrice a, KvTransferPrice b) {
    int n = a.tokenUs().length;
    double[] us = new double[n];
    String[] names = new String[n];
    boolean[] extrapolated = new boolean[n];
    for (int k = 0; k < n; k++) {
      boolean useB = b.tokenUs()[k] > a.tokenUs()[k];
      us[k] = useB ? b.tokenUs()[k] : a.tokenUs()[k];
      names[k] = useB ? b.transport()[k] : a.transport()[k];
      extrapolated[k] = useB ? b.extrapolated()[k] : a.extrapolated()[k];
    }
    return new KvTransferPrice(us, names, extrapolated, a.preferred());
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

  private static String key(HostLayout.GpuEnd a, HostLayout.GpuEnd b) {
    return a.record() + "|" + a.gpu() + "|" + b.record() + "|" + b.gpu() + "|"
        + (a.host() == b.host() ? "same-host" : "cross-host");
  }

  /**
   * Refuses a fleet whose decode nodes have no room for a KV cache: every request would be dropped
   * when its cache lands.
   */
  public void checkDecodeNodes(dev.fabricplanner.sim.cluster.Fleet fleet)
      throws InvalidInputException {
    for (int node = 0; node < fleet.nodeCount(); node++) {
      ServerClass c = fleet.classOfNode(node);
      if (decodes(node) && c.kvBlocks() < 1) {
        throw new InvalidInputException(List.of(String.format(Locale.ROOT,
            "topology.gpu_profiles: %s (decode node %d) holds %d KV tokens: the model's KV cache does"
                + " not fit next to its weights (%.1f GB of %.1f GB VRAM)",
            c.name(), node, (long) c.kvBlocks() * c.blockSize(), c.weightsBytes() / 1e9,
            c.vramBytes() / 1e9)));
      }
    }
  }

  /**
   * A transport_down fault starts ({@code isDown}) or ends: later KV transfers, pipeline hops and
   * steps use the other prices.
   */
  public void transportDown(String name, boolean isDown, double now) {
    if (isDown) {
      down.add(name);
    } else {
      down.remove(name);
    }
    try {
      prices = table(String.join(",", down));
      StagePrices priced = stagePrices(String.join(",", down));
      if (priced != stages) {
        stages = priced;
        if (steppedFleet != null) {
          handStepModels(now);
        }
      }
    } catch (InvalidInputException e) {
      // bind() priced the union of all faulted transports: any subset leaves at least as much.
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  public boolean prefills(int node) {
    return prefillPerCell == 0 || node % nodesPerCell < prefillPerCell;
  }

  public boolean decodes(int node) {
    return prefillPerCell == 0 || node % nodesPerCell >= prefillPerCell;
  }

  /** Whether prefill nodes hand requests to decode nodes (prefill_nodes_per_cell > 0). */
  public boolean handsOff() {
    return prefillPerCell > 0;
  }

  /** The price of KV transfers from a prefill node to a decode node, with what is down now. */
  public KvTransferPrice price(int prefillNode, int decodeNode) {
    return prices.get(key(layout.gpu(prefillNode, 0), layout.gpu(decodeNode, 0)));
  }

  /**
   * The two link ends a transfer between these nodes holds: the GPUs' NVLink (or PCIe) inside a host,
   * else the hosts' NIC groups of the transport. The transport is the last word of each name.
   */
  public String[] links(int prefillNode, int decodeNode, String transport) {
    int a = layout.gpu(prefillNode, 0).host();
    int b = layout.gpu(decodeNode, 0).host();
    if (a == b) {
      return new String[] {"node " + prefillNode + " out " + transport,
          "node " + decodeNode + " in " + transport};
    }
    return hostLinks(a, b, transport);
  }

  /** The NIC groups of two hosts for this transport: the out end of one, the in end of the other. */
  String[] hostLinks(int from, int to, String transport) {
    return new String[] {layout.linkName(from) + " out " + transport,
        layout.linkName(to) + " in " + transport};
  }

  /**
   * Host pairs whose KV transfers use another transport than the planner's first choice, "src gpu
   * dst gpu scope[ (transport_down names)]" -> "preferred -> used".
   */
  public Map<String, String> fallbacks() {
    return fallbacks;
  }

  /** The record host id cell c's first host is bound to. */
  public String hostOfCell(int cell) {
    return layout.gpu(cell * nodesPerCell, 0).record();
  }
}
