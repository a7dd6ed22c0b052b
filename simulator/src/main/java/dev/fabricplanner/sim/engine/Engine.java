package dev.fabricplanner.sim.engine;

import dev.fabricplanner.sim.ProgressListener;
import dev.fabricplanner.sim.cluster.Fleet;
import dev.fabricplanner.sim.cluster.FleetObserver;
import dev.fabricplanner.sim.cluster.RequestTable;
import dev.fabricplanner.sim.cluster.StepLinks;
import dev.fabricplanner.sim.config.SimulationConfig;
import dev.fabricplanner.sim.fabric.FabricBinding;
import dev.fabricplanner.sim.fabric.KvSendWindow;
import dev.fabricplanner.sim.fabric.KvTransferPrice;
import dev.fabricplanner.sim.fabric.KvTransferStats;
import dev.fabricplanner.sim.fabric.LinkLedger;
import dev.fabricplanner.sim.fabric.PipelineLinks;
import dev.fabricplanner.sim.metrics.RunMetrics;
import dev.fabricplanner.sim.network.Network;
import dev.fabricplanner.sim.signals.PublishedSignals;
import dev.fabricplanner.sim.workload.RequestSource;
import dev.fabricplanner.strategy.CompletionFeedback;
import dev.fabricplanner.strategy.RequestType;
import dev.fabricplanner.strategy.RoutingDecision;
import dev.fabricplanner.strategy.PromptBlocks;
import dev.fabricplanner.strategy.RoutingRequest;
import dev.fabricplanner.strategy.RoutingStrategy;
import java.util.SplittableRandom;

/**
 * The run loop: pops events in (time, kind, sequence) order and hands each to the model that owns it.
 * Request life: ARRIVAL (generated) → routed by the strategy → NODE_ARRIVAL after the network delay →
 * the fleet queues, batches, prefills and decodes it → completion, plus the return trip in its latency.
 * A request on a lost node is routed again up to {@link #MAX_RETRIES} times, then counted as failed.
 */
public final class Engine implements FleetObserver {
  public static final int MAX_RETRIES = 2;
  private static final long PROGRESS_EVERY = 1L << 20;
  private static final RequestType[] TYPES = RequestType.values();

  private final EventQueue events;
  private final RequestTable requests;
  private final Fleet fleet;
  private final PublishedSignals signals;
  private final Network network;
  private final RequestSource generator;
  private final RoutingStrategy strategy;
  private final RunMetrics metrics;
  private final ProgressListener progress;
  private final FaultSchedule faults;
  private final double endMs;
  private final double warmupMs;
  private final double decisionCostMs;
  /** How long a client waits for its answer before it disconnects; infinite: it never gives up. */
  private final double clientTimeoutMs;

  private double now;
  private long processed;
  private long clockRegressions;
  private int inSystem;
  private double inSystemArea;
  private double inSystemChangedMs;
  private double departedSojournMs;
  private long hedgesIssued;
  private long hedgesWon;
  private double wastedGpuMs;
  private int[] evacuated = new int[0];
  private FabricBinding fabric;
  private KvTransferStats kvStats;
  private LinkLedger links;
  /** The model's layers when KV streams layer by layer, else 0. */
  private int kvLayers;
  private PipelineLinks pipelineLinks;

  public Engine(
      SimulationConfig config,
      EventQueue events,
      RequestTable requests,
      Fleet fleet,
      PublishedSignals signals,
      Network network,
      RequestSource generator,
      RoutingStrategy strategy,
      RunMetrics metrics,
      ProgressListener progress,
      SplittableRandom faultStream) {
    this.events = events;
    this.requests = requests;
    this.fleet = fleet;
    this.signals = signals;
    this.network = network;
    this.generator = generator;
    this.strategy = strategy;
    this.metrics = metrics;
    this.progress = progress;
    this.endMs = config.durationS() * 1000.0;
    this.warmupMs = Math.min(config.warmupS() * 1000.0, endMs);
    this.decisionCostMs = config.decisionCostUs() / 1000.0;
    this.clientTimeoutMs =
        config.workload().clientTimeoutS().map(s -> s * 1000.0).orElse(Double.POSITIVE_INFINITY);
    this.faults = new FaultSchedule(config.faults(), fleet, network, faultStream);
  }

  /** Serves disaggregated decisions over the bound fabric, counting transfers into {@code stats}. */
  public void bindFabric(FabricBinding binding, KvTransferStats stats) {
    this.fabric = binding;
    this.kvLayers = binding.kvStreamLayers();
    this.kvStats = stats;
    this.links = new LinkLedger(warmupMs, endMs);
    this.pipelineLinks = binding.pipelineLinks(links, warmupMs);
    StepLinks stepLinks = StepLinks.both(pipelineLinks, binding.tpRingLinks(links));
    if (stepLinks != null) {
      fleet.useStepLinks(stepLinks);
    }
    faults.useFabric(binding);
  }

  /** Runs to the configured duration. */
  public void run() {
    double first = generator.nextArrivalMs();
    if (first <= endMs) {
      events.schedule(first, EventKind.ARRIVAL, 0);
    }
    if (warmupMs > 0) {
      events.schedule(warmupMs, EventKind.WARMUP_END, 0);
    }
    faults.scheduleAll(events);
    events.schedule(endMs, EventKind.END, 0);
    long nextProgress = PROGRESS_EVERY;
    ServerTimers timers = fleet.stepTimers();
    while (true) {
      if (!timers.isEmpty()
          && (events.size() == 0
              || timers.topTime() < events.peekTime()
              || (timers.topTime() == events.peekTime() && EventKind.STEP_DONE < events.peekKind()))) {
        double t = timers.topTime();
        int server = timers.topServer();
        timers.cancel(server);
        if (t < now) {
          clockRegressions++;
        }
        now = t;
        fleet.stepDone(server, t);
        if (++processed >= nextProgress) {
          nextProgress += PROGRESS_EVERY;
          progress.progress(t / 1000.0, endMs / 1000.0, processed);
        }
        continue;
      }
      if (!events.poll()) {
        break;
      }
      double t = events.time();
      if (t < now) {
        clockRegressions++;
      }
      now = t;
      int target = events.target();
      boolean counted = true;
      switch (events.kind()) {
        case EventKind.SERVICE_DONE -> counted = fleet.serviceDone(target, events.sequence(), t);
        case EventKind.NODE_ARRIVAL -> deliver(target);
        case EventKind.ARRIVAL -> arrival();
        case EventKind.PUBLISH_LOAD -> signals.publishLoad(target, t);
        case EventKind.APPLY_LOAD -> signals.applyLoadSnapshot(target, t);
        case EventKind.PUBLISH_RESOURCES -> signals.publishResources(target, t);
        case EventKind.APPLY_RESOURCES -> signals.applyResourcesSnapshot(target);
        case EventKind.HEDGE -> counted = hedge(target, events.sequence());
        case EventKind.CLIENT_TIMEOUT -> counted = clientTimeout(target, events.sequence());
        case EventKind.FAULT -> faults.apply(target, t, this::loseNode);
        case EventKind.WARMUP_END -> fleet.startMeasuring(t);
        case EventKind.END -> {
          processed++;
          return;
        }
        default -> throw new IllegalStateException("unknown event kind " + events.kind());
      }
      if (counted && ++processed >= nextProgress) {
        nextProgress += PROGRESS_EVERY;
        progress.progress(t / 1000.0, endMs / 1000.0, processed);
      }
    }
  }

  // ---------------------------------------------------------------- arrivals and routing

  private void arrival() {
    RequestSource g = generator;
    g.generate();
    int r = requests.allocate();
    requests.id[r] = g.id();
    requests.arrivalMs[r] = g.arrivalMs();
    requests.type[r] = (byte) g.type();
    requests.tenant[r] = g.tenant();
    requests.originCell[r] = g.originCell();
    requests.inputTokens[r] = g.inputTokens();
    requests.outputTokens[r] = g.outputTokens();
    requests.payloadBytes[r] = g.payloadBytes();
    requests.responseBytes[r] = g.responseBytes();
    requests.serviceMs[r] = g.serviceMs();
    requests.promptHashes[r] = g.promptBlockHashes();
    if (g.arrivalMs() >= warmupMs) {
      requests.flags[r] = RequestTable.MEASURED;
    }
    metrics.arrived(g.type());
    changeInSystem(1);
    if (clientTimeoutMs < Double.POSITIVE_INFINITY) {
      requests.timeoutSequence[r] =
          events.schedule(g.arrivalMs() + clientTimeoutMs, EventKind.CLIENT_TIMEOUT, r);
    }
    route(r);
    double next = g.nextArrivalMs();
    if (next <= endMs) {
      events.schedule(next, EventKind.ARRIVAL, 0);
    }
  }

  private RoutingRequest routingRequest(int r) {
    return new RoutingRequest(
        requests.id[r],
        TYPES[requests.type[r]],
        requests.tenant[r],
        requests.originCell[r],
        requests.inputTokens[r],
        requests.payloadBytes[r],
        PromptBlocks.of(requests.promptHashes[r]));
  }

  private void route(int r) {
    leaveRouter(r); // routed again: it left the node it was sent to
    signals.setNow(now);
    if (now >= warmupMs) {
      metrics.recordKvIndexLag(signals.kvIndexLagMs());
    }
    RoutingDecision decision = strategy.route(routingRequest(r), signals);
    int node = decision.node();
    requests.server[r] = -1;
    if (node == -1) {
      terminate(r, false); // no node is up
      return;
    }
    if (node < 0 || node >= fleet.nodeCount()) {
      throw new IllegalStateException(
          "strategy chose node " + node + ", outside 0.." + (fleet.nodeCount() - 1));
    }
    requests.node[r] = node;
    requests.flags[r] |= RequestTable.ROUTED;
    if ((requests.flags[r] & RequestTable.KV_RECEIVED) != 0) {
      // Retried after its KV cache left the prefill node: it starts from its prompt again.
      requests.flags[r] &= ~RequestTable.KV_RECEIVED;
      requests.computed[r] = 0;
      requests.startMs[r] = Double.NaN;
    }
    requests.decodeNode[r] = -1;
    // With prefill_nodes_per_cell 0 nothing is handed off: a P/D pair is served on its first node.
    if (fabric != null && decision.disaggregated() && fabric.handsOff()) {
      int d = decision.decodeNode();
      if (d >= fleet.nodeCount() || !fabric.prefills(node) || !fabric.decodes(d)) {
        throw new IllegalStateException("strategy chose prefill node " + node + " and decode node "
            + d + ": the pair must be a prefill node and a decode node in 0.."
            + (fleet.nodeCount() - 1));
      }
      requests.decodeNode[r] = decision.decodeNode();
    }
    if (decision.hedges() && (requests.flags[r] & RequestTable.HEDGE_COPY) == 0
        && requests.partner[r] < 0) {
      requests.hedgeSequence[r] = events.schedule(now + decision.hedgeAfterMs(), EventKind.HEDGE, r);
    }
    // The decision was taken on the state seen now; the request leaves once the decision is made,
    // reaches its node after the network delay and its scheduler after the scheduling delay.
    double reach =
        decisionCostMs
            + network.oneWayMs(requests.originCell[r], fleet.cellOf(node), requests.payloadBytes[r]);
    requests.reachedMs[r] = now + reach;
    double delay = reach + fleet.schedulingDelayMs(node, requests.inputTokens[r]);
    if (delay <= 0) {
      deliver(r);
    } else {
      events.schedule(now + delay, EventKind.NODE_ARRIVAL, r);
    }
  }

  private void deliver(int r) {
    if ((requests.flags[r] & RequestTable.RESOLVED) != 0) {
      release(r); // its other copy has answered while this one travelled: cancelled
      return;
    }
    int node = requests.node[r];
    if (!fleet.isUp(node)) {
      retryOrFail(r);
    } else {
      fleet.arrive(r, node, now);
    }
  }

  @Override
  public void kvReady(int r, double nowMs, double lastStepStartMs, int lastChunk) {
    int prefill = requests.node[r];
    int decode = requests.decodeNode[r];
    int tokens = requests.inputTokens[r];
    KvTransferPrice price = fabric.price(prefill, decode);
    String transport = price.transportFor(tokens);
    String[] ends = fabric.links(prefill, decode, transport);
    double duration = price.ms(tokens);
    KvSendWindow window = kvLayers > 0
        ? KvSendWindow.layerwise(lastStepStartMs, nowMs, tokens, lastChunk, kvLayers, duration)
        : KvSendWindow.afterPrefill(nowMs);
    double start = links.reserve(ends[0], ends[1], window.earliestStartMs(), duration,
        window.endNotBeforeMs());
    // What TTFT pays: from prefill's end until the cache has landed (all of it unless layer-wise).
    double ms = Math.max(start + duration, window.endNotBeforeMs()) - nowMs;
    leaveRouter(r); // its prefill, the part the decision sent to the prefill node, is done
    requests.prefillDoneMs[r] = nowMs;
    requests.kvTransferMs[r] = ms;
    requests.flags[r] |= RequestTable.KV_RECEIVED;
    // The decode node computes only the last prompt token (its first step), from the received cache.
    requests.computed[r] = Math.max(0, tokens - 1);
    requests.node[r] = decode;
    if ((requests.flags[r] & RequestTable.MEASURED) != 0) {
      long bytes = Math.round(fleet.classOfNode(prefill).kvBytesPerToken() * tokens);
      kvStats.transferred(transport, bytes, ms, start - window.earliestStartMs(),
          price.extrapolates(tokens));
    }
    events.schedule(nowMs + ms, EventKind.NODE_ARRIVAL, r);
  }

  private void retryOrFail(int r) {
    requests.server[r] = -1;
    if ((requests.flags[r] & RequestTable.RESOLVED) != 0) {
      release(r); // already answered by its other copy: nothing to retry
      return;
    }
    if (++requests.retries[r] > MAX_RETRIES) {
      terminate(r, false);
    } else {
      route(r);
    }
  }

  /** The copy is no longer in flight where it was routed: the strategy hears so, once. */
  private void leaveRouter(int r) {
    if ((requests.flags[r] & RequestTable.ROUTED) != 0) {
      requests.flags[r] &= ~RequestTable.ROUTED;
      strategy.onRequestLeft(requests.id[r], requests.node[r]);
    }
  }

  /** The copy's slot is free again; if the router still counted it, it has left. */
  private void release(int r) {
    leaveRouter(r);
    requests.release(r);
  }

  // ---------------------------------------------------------------- outcomes

  @Override
  public void requestCompleted(int r, double nowMs) {
    requests.server[r] = -1;
    byte flags = requests.flags[r];
    if ((flags & RequestTable.RESOLVED) != 0) {
      // The other copy already answered: this one was wasted work.
      wastedGpuMs += requests.gpuMs[r];
      release(r);
      return;
    }
    int original = r;
    int partner = requests.partner[r];
    if ((flags & RequestTable.HEDGE_COPY) != 0) {
      hedgesWon++;
      original = partner;
      if ((requests.flags[original] & RequestTable.AWAITING_COPY) != 0) {
        release(original);
      } else {
        cancelLoser(original);
      }
    } else if (partner >= 0) {
      cancelLoser(partner);
    }
    int type = requests.type[r];
    metrics.completed(type);
    changeInSystem(-1);
    departedSojournMs += nowMs - requests.arrivalMs[r];
    int nodeCell = fleet.cellOf(requests.node[r]);
    int origin = requests.originCell[r];
    double e2e =
        nowMs - requests.arrivalMs[r] + network.oneWayMs(nodeCell, origin, requests.responseBytes[r])
            + fleet.clientDelayMs(r);
    if ((flags & RequestTable.MEASURED) != 0) {
      double ttft = requests.firstTokenMs[r] - requests.arrivalMs[r] + network.rttMs(nodeCell, origin) / 2
          + requests.firstTokenDelayMs[r];
      int output = requests.outputTokens[r];
      // TPOT: the decode time per token after the first (undefined for one-token answers).
      double tpot = output > 1 ? (nowMs - requests.firstTokenMs[r]) / (output - 1) : Double.NaN;
      metrics.recordMeasured(
          type,
          e2e,
          ttft,
          tpot,
          requests.queuedMs[r],
          requests.startMs[r] - requests.reachedMs[r],
          nowMs - requests.startMs[r],
          requests.inputTokens[r],
          output);
      metrics.recordEngine(requests.preemptions[r], requests.cachedTokens[r]);
      if (requests.decodeNode[r] >= 0 && kvStats != null) {
        double start = requests.startMs[r];
        double landed = requests.prefillDoneMs[r] + requests.kvTransferMs[r];
        kvStats.completed(start - requests.arrivalMs[r], requests.prefillDoneMs[r] - start,
            requests.kvTransferMs[r], requests.firstTokenMs[r] - landed,
            ttft - (requests.firstTokenMs[r] - requests.arrivalMs[r]));
      }
      metrics.recordOutcome(requests.arrivalMs[r], ttft, tpot, e2e, output);
    }
    strategy.onCompletion(
        new CompletionFeedback(routingRequest(r), requests.node[r], e2e, nowMs, requests.outputTokens[r]));
    release(r);
  }

  @Override
  public void requestRejected(int r, double nowMs) {
    requests.server[r] = -1;
    terminate(r, true);
  }

  /** A request (or copy) leaves without an answer: dropped at admission or failed by faults. */
  private void terminate(int r, boolean dropped) {
    byte flags = requests.flags[r];
    int partner = requests.partner[r];
    if ((flags & RequestTable.RESOLVED) != 0) {
      release(r);
      return;
    }
    if ((flags & RequestTable.HEDGE_COPY) != 0) {
      requests.partner[partner] = -1;
      if ((requests.flags[partner] & RequestTable.AWAITING_COPY) == 0) {
        release(r); // the original is still being served
        return;
      }
      // The original gave up earlier and waited for this copy: the request ends with this outcome.
      release(r);
      r = partner;
    } else if (partner >= 0) {
      leaveRouter(r);
      requests.flags[r] |= RequestTable.AWAITING_COPY; // the copy may still answer
      return;
    }
    int type = requests.type[r];
    if (dropped) {
      metrics.dropped(type);
    } else {
      metrics.failed(type);
    }
    changeInSystem(-1);
    departedSojournMs += now - requests.arrivalMs[r];
    release(r);
  }

  @Override
  public void tokensProduced(int count, double gapMs, double nowMs) {
    if (nowMs >= warmupMs) {
      metrics.recordTokenGaps(gapMs, count);
    }
  }

  @Override
  public void loadChanged(int node, double nowMs) {
    signals.loadChanged(node, nowMs);
  }

  @Override
  public void resourcesChanged(int node, double nowMs) {
    signals.resourcesChanged(node, nowMs);
  }

  private void changeInSystem(int delta) {
    inSystemArea += inSystem * (now - inSystemChangedMs);
    inSystemChangedMs = now;
    inSystem += delta;
  }

  // ---------------------------------------------------------------- client timeout

  /**
   * The client disconnects from a request still unanswered: as vLLM aborts a request whose client
   * went away, every copy of it leaves its server at once (its KV blocks freed) or is dropped when it
   * lands, and the request counts as failed.
   */
  private boolean clientTimeout(int r, long sequence) {
    if (!requests.inUse(r) || requests.timeoutSequence[r] != sequence
        || (requests.flags[r] & (RequestTable.RESOLVED | RequestTable.HEDGE_COPY)) != 0) {
      return false;
    }
    int copy = requests.partner[r];
    if (copy >= 0) {
      requests.partner[r] = -1;
      cancelLoser(copy);
    }
    int type = requests.type[r];
    metrics.failed(type);
    changeInSystem(-1);
    departedSojournMs += now - requests.arrivalMs[r];
    if (requests.server[r] >= 0) {
      fleet.cancel(r, now); // its work is lost, but not to hedging: hedge.wastedGpuS leaves it out
      release(r);
    } else if ((requests.flags[r] & RequestTable.AWAITING_COPY) != 0) {
      release(r); // it had given up already and waited for its copy, cancelled above
    } else {
      leaveRouter(r);
      requests.flags[r] |= RequestTable.RESOLVED; // travelling: released when it lands
    }
    return true;
  }

  // ---------------------------------------------------------------- hedging

  private boolean hedge(int r, long sequence) {
    if (!requests.inUse(r) || requests.hedgeSequence[r] != sequence
        || (requests.flags[r] & (RequestTable.RESOLVED | RequestTable.AWAITING_COPY)) != 0
        || requests.partner[r] >= 0) {
      return false;
    }
    int c = requests.allocate();
    requests.id[c] = requests.id[r];
    requests.arrivalMs[c] = requests.arrivalMs[r];
    requests.type[c] = requests.type[r];
    requests.tenant[c] = requests.tenant[r];
    requests.originCell[c] = requests.originCell[r];
    requests.inputTokens[c] = requests.inputTokens[r];
    requests.outputTokens[c] = requests.outputTokens[r];
    requests.payloadBytes[c] = requests.payloadBytes[r];
    requests.responseBytes[c] = requests.responseBytes[r];
    requests.serviceMs[c] = requests.serviceMs[r];
    requests.promptHashes[c] = requests.promptHashes[r];
    requests.flags[c] = (byte) (RequestTable.HEDGE_COPY | (requests.flags[r] & RequestTable.MEASURED));
    requests.partner[c] = r;
    requests.partner[r] = c;
    hedgesIssued++;
    route(c);
    return true;
  }

  /**
   * The other copy of an answered request is cancelled wherever it is: on a server it is taken off at
   * once (waiting, prefilling or decoding) and its share of the steps it was in is wasted work; on the network it
   * is marked and dropped when it lands.
   */
  private void cancelLoser(int loser) {
    requests.partner[loser] = -1;
    if (requests.server[loser] >= 0) {
      wastedGpuMs += fleet.cancel(loser, now);
      release(loser);
    } else {
      leaveRouter(loser); // the router has cancelled it; it is dropped when it lands
      requests.flags[loser] |= RequestTable.RESOLVED;
    }
  }

  // ---------------------------------------------------------------- faults

  private void loseNode(int node) {
    if (evacuated.length < requests.capacity()) {
      evacuated = new int[requests.capacity()];
    }
    int count = fleet.evacuate(node, now, evacuated);
    for (int i = 0; i < count; i++) {
      retryOrFail(evacuated[i]);
    }
  }

  // ---------------------------------------------------------------- figures for the result

  public double nowMs() {
    return now;
  }

  public long processedEvents() {
    return processed;
  }

  public long clockRegressions() {
    return clockRegressions;
  }

  /** Time integral of requests in the system (arrival to completion or drop), in request-ms. */
  public double inSystemArea() {
    return inSystemArea + inSystem * (now - inSystemChangedMs);
  }

  public double departedSojournMs() {
    return departedSojournMs;
  }

  public long hedgesIssued() {
    return hedgesIssued;
  }

  public long hedgesWon() {
    return hedgesWon;
  }

  /** GPU-ms of real steps (slot-ms in plain service) that hedge losers were given. */
  public double wastedGpuMs() {
    return wastedGpuMs;
  }

  /** Cross-host pipeline hops as the run booked them; null when no server has one. */
  public PipelineLinks pipelineLinks() {
    return pipelineLinks;
  }

  /** The fabric's links as the run used them; null when the fleet is not disaggregated. */
  public LinkLedger links() {
    return links;
  }

  public double endMs() {
    return endMs;
  }

  public double warmupMs() {
    return warmupMs;
  }
}
