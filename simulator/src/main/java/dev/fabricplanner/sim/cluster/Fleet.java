package dev.fabricplanner.sim.cluster;

import dev.fabricplanner.sim.engine.EventKind;
import dev.fabricplanner.sim.engine.EventQueue;
import dev.fabricplanner.sim.engine.ServerTimers;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * True state of every node and server, and the per-server continuous-batching scheduler.
 *
 * <p>A node holds one server (its GPU) or several (its MIG slices). A request that reaches a node joins
 * the least loaded of its servers. Each server has {@code slots} concurrency slots and a FIFO queue.
 * Admission happens when the batch window closes (at once when the window is 0): the head of the queue
 * takes a free slot if its KV reservation (whole context) fits the KV capacity, otherwise it waits
 * (head-of-line) and the wait is counted; a request whose reservation exceeds an empty server's capacity
 * is rejected. An admitted request is prefilled (one at a time, FIFO) and its first token is out when
 * prefill ends; it then joins the decode batch.
 *
 * <p>Decode uses virtual time: V(t) counts the tokens each decoding sequence has produced, advancing at
 * {@code 1 / stepMs(B)} per ms while B sequences decode. A sequence joining at V0 with n tokens to go
 * finishes when V = V0 + n, so one pending event per server (the earliest finish) suffices and a batch
 * change costs O(log B). KV in use is {@code input tokens + B x V - sum(V0)} tokens, also O(1).
 *
 * <p>In a validation run ({@code service_model} set) a server is {@code slots} plain servers: a request
 * holds a slot for its drawn service time, with no window, no KV limit, no prefill/decode split.
 */
public final class Fleet {
  private final EventQueue events;
  private final ServerTimers decodeTimers;
  private final RequestTable requests;
  private final DecodeHeap heap;
  private final boolean plainService;
  private FleetObserver observer;

  // Topology.
  final int nodeCount;
  final int cellCount;
  final int nodesPerCell;
  final int[] nodeFirstServer;
  final int[] nodeCapacity;
  final double[] nodeVramBytes;
  final double[] nodeWeightsBytes;
  final double[] nodePricePerHour;
  final ServerClass[] classes;
  final String[] profileNames;

  // True node state.
  final int[] nodeDepth;
  final int[] nodeBusy;
  final boolean[] nodeUp;
  final double[] nodeSlowdown;

  // Server state.
  final int[] serverNode;
  final int[] serverClass;
  final int[] slots;
  final int[] busy;
  final int[] queueHead;
  final int[] queueTail;
  final int[] queueLength;
  final int[] prefillHead;
  final int[] prefillTail;
  final int[] prefilling;
  final long[] prefillSequence;
  final boolean[] windowPending;
  final int[] batch;
  final int[] heapRoot;
  final double[] virtualTokens;
  final double[] virtualAtMs;
  final double[] sumStartV;
  final long[] admittedInputTokens;
  final double[] kvReserved;
  final double[] fixedKvInUse;
  final double[] kvByteMs;

  // Fleet-wide time integrals (reset when the warm-up ends).
  private int busyTotal;
  private double busyChangedMs;
  private double busySlotMs;
  private double measureFromMs;

  // Per GPU profile: how many of its servers have a prefill running, and the time integral of that
  // count (reset when the warm-up ends); updated on each prefill start and end, so O(1) per event.
  private final int[] profileServers;
  private final int[] prefillsRunning;
  private final double[] prefillChangedMs;
  private final double[] prefillBusyMs;

  private long kvWaits;
  private long kvRejects;
  private long causalityViolations;

  Fleet(
      EventQueue events,
      RequestTable requests,
      boolean plainService,
      int cellCount,
      int nodesPerCell,
      ServerClass[] classes,
      String[] profileNames,
      int[] nodeProfileFirstClass,
      int serversPerNode,
      double[] nodeVramBytes,
      double[] nodePricePerHour) {
    this.events = events;
    this.requests = requests;
    this.heap = new DecodeHeap(requests);
    this.plainService = plainService;
    this.cellCount = cellCount;
    this.nodesPerCell = nodesPerCell;
    this.nodeCount = cellCount * nodesPerCell;
    this.classes = classes;
    this.profileNames = profileNames;
    int servers = nodeCount * serversPerNode;
    decodeTimers = new ServerTimers(servers);
    nodeFirstServer = new int[nodeCount + 1];
    nodeCapacity = new int[nodeCount];
    nodeWeightsBytes = new double[nodeCount];
    this.nodeVramBytes = nodeVramBytes;
    this.nodePricePerHour = nodePricePerHour;
    nodeDepth = new int[nodeCount];
    nodeBusy = new int[nodeCount];
    nodeUp = new boolean[nodeCount];
    nodeSlowdown = new double[nodeCount];
    serverNode = new int[servers];
    serverClass = new int[servers];
    slots = new int[servers];
    busy = new int[servers];
    queueHead = new int[servers];
    queueTail = new int[servers];
    queueLength = new int[servers];
    prefillHead = new int[servers];
    prefillTail = new int[servers];
    prefilling = new int[servers];
    prefillSequence = new long[servers];
    windowPending = new boolean[servers];
    batch = new int[servers];
    heapRoot = new int[servers];
    virtualTokens = new double[servers];
    virtualAtMs = new double[servers];
    sumStartV = new double[servers];
    admittedInputTokens = new long[servers];
    kvReserved = new double[servers];
    fixedKvInUse = new double[servers];
    kvByteMs = new double[servers];
    profileServers = new int[profileNames.length];
    prefillsRunning = new int[profileNames.length];
    prefillChangedMs = new double[profileNames.length];
    prefillBusyMs = new double[profileNames.length];
    int s = 0;
    for (int n = 0; n < nodeCount; n++) {
      nodeFirstServer[n] = s;
      nodeUp[n] = true;
      nodeSlowdown[n] = 1;
      for (int k = 0; k < serversPerNode; k++, s++) {
        int c = nodeProfileFirstClass[n] + k;
        serverNode[s] = n;
        serverClass[s] = c;
        profileServers[classes[c].profile()]++;
        slots[s] = classes[c].slots();
        nodeCapacity[n] += slots[s];
        nodeWeightsBytes[n] += classes[c].weightsBytes();
        queueHead[s] = -1;
        queueTail[s] = -1;
        prefillHead[s] = -1;
        prefillTail[s] = -1;
        prefilling[s] = -1;
        heapRoot[s] = -1;
        prefillSequence[s] = -1;
      }
    }
    nodeFirstServer[nodeCount] = s;
  }

  public void attach(FleetObserver fleetObserver) {
    this.observer = fleetObserver;
  }

  // ---------------------------------------------------------------- arrival and admission

  /**
   * A request reaches its node: it joins the least loaded of the node's servers whose KV capacity can
   * hold it, or is rejected when none can.
   */
  public void arrive(int r, int node, double now) {
    int first = nodeFirstServer[node];
    int last = nodeFirstServer[node + 1];
    requests.node[r] = node;
    requests.nodeArrivalMs[r] = now;
    int s = -1;
    double need = 0;
    double best = Double.POSITIVE_INFINITY;
    for (int k = first; k < last; k++) {
      ServerClass c = classes[serverClass[k]];
      double kNeed = plainService ? 0 : c.kvNeed(requests.inputTokens[r], requests.outputTokens[r]);
      if (kNeed > c.kvCapacityBytes()) {
        continue;
      }
      double load = (double) (queueLength[k] + busy[k]) / slots[k];
      if (s < 0 || load < best) {
        best = load;
        s = k;
        need = kNeed;
      }
    }
    if (s < 0) {
      kvRejects++;
      observer.requestRejected(r, now);
      return;
    }
    requests.server[r] = s;
    requests.kvBytes[r] = need;
    requests.next[r] = -1;
    if (queueTail[s] < 0) {
      queueHead[s] = r;
    } else {
      requests.next[queueTail[s]] = r;
    }
    queueTail[s] = r;
    queueLength[s]++;
    nodeDepth[node]++;
    observer.loadChanged(node, now);
    requestAdmission(s, now);
  }

  private void requestAdmission(int s, double now) {
    if (queueLength[s] == 0 || busy[s] >= slots[s]) {
      return;
    }
    double window = plainService ? 0 : classes[serverClass[s]].batchWindowMs();
    if (window <= 0) {
      admit(s, now);
    } else if (!windowPending[s]) {
      windowPending[s] = true;
      events.schedule(now + window, EventKind.BATCH_WINDOW, s);
    }
  }

  /** The batch window of server {@code s} closed. */
  public void windowClosed(int s, double now) {
    windowPending[s] = false;
    admit(s, now);
  }

  private void admit(int s, double now) {
    ServerClass c = classes[serverClass[s]];
    int node = serverNode[s];
    boolean admitted = false;
    while (queueLength[s] > 0 && busy[s] < slots[s]) {
      int r = queueHead[s];
      double need = requests.kvBytes[r];
      if (kvReserved[s] + need > c.kvCapacityBytes()) {
        if ((requests.flags[r] & RequestTable.KV_WAITED) == 0) {
          requests.flags[r] |= RequestTable.KV_WAITED;
          kvWaits++;
        }
        break;
      }
      queueHead[s] = requests.next[r];
      if (queueHead[s] < 0) {
        queueTail[s] = -1;
      }
      queueLength[s]--;
      changeBusy(s, node, 1, now);
      requests.startMs[r] = now;
      admitted = true;
      if (plainService) {
        requests.eventSequence[r] =
            events.schedule(now + requests.serviceMs[r] * nodeSlowdown[node], EventKind.SERVICE_DONE, r);
        continue;
      }
      advance(s, now);
      kvReserved[s] += need;
      if (c.kvBytesPerToken() > 0) {
        admittedInputTokens[s] += requests.inputTokens[r];
      } else {
        fixedKvInUse[s] += need;
      }
      requests.next[r] = -1;
      if (prefillTail[s] < 0) {
        prefillHead[s] = r;
      } else {
        requests.next[prefillTail[s]] = r;
      }
      prefillTail[s] = r;
    }
    if (admitted) {
      if (!plainService && prefilling[s] < 0) {
        startPrefill(s, now);
      }
      observer.resourcesChanged(node, now);
    }
  }

  private void startPrefill(int s, double now) {
    int r = prefillHead[s];
    // One prefill at a time: a completion inside prefillDone may already have started the next one.
    if (r < 0 || prefilling[s] >= 0) {
      return;
    }
    prefillHead[s] = requests.next[r];
    if (prefillHead[s] < 0) {
      prefillTail[s] = -1;
    }
    prefilling[s] = r;
    changePrefillsRunning(s, 1, now);
    double ms =
        requests.inputTokens[r] * classes[serverClass[s]].prefillMsPerToken()
            * nodeSlowdown[serverNode[s]];
    prefillSequence[s] = events.schedule(now + ms, EventKind.PREFILL_DONE, s);
  }

  // ---------------------------------------------------------------- prefill and decode

  /** Prefill on server {@code s} ended: first token out; the request joins the decode batch. */
  public boolean prefillDone(int s, long sequence, double now) {
    if (sequence != prefillSequence[s]) {
      return false;
    }
    int r = prefilling[s];
    prefilling[s] = -1;
    prefillSequence[s] = -1;
    changePrefillsRunning(s, -1, now);
    requests.firstTokenMs[r] = now;
    advance(s, now);
    int remaining = requests.outputTokens[r] - 1;
    if (remaining <= 0) {
      finish(s, r, now);
    } else {
      double v = virtualTokens[s];
      requests.startV[r] = v;
      requests.finishV[r] = v + remaining;
      heapRoot[s] = heap.insert(heapRoot[s], r);
      batch[s]++;
      sumStartV[s] += v;
      scheduleDecode(s, now);
    }
    startPrefill(s, now);
    return true;
  }

  /** The earliest sequence of server {@code s} has produced its last token (its timer fired). */
  public void decodeDue(int s, double now) {
    advance(s, now);
    int top = heapRoot[s];
    // The event was timed for this sequence; absorb floating-point drift.
    if (requests.finishV[top] > virtualTokens[s]) {
      virtualTokens[s] = requests.finishV[top];
    }
    double v = virtualTokens[s] + 1e-9;
    while (heapRoot[s] >= 0 && requests.finishV[heapRoot[s]] <= v) {
      int r = heapRoot[s];
      heapRoot[s] = heap.removeMin(r);
      batch[s]--;
      sumStartV[s] -= requests.startV[r];
      finish(s, r, now);
    }
    if (batch[s] == 0) {
      sumStartV[s] = 0;
    }
    scheduleDecode(s, now);
  }

  private void scheduleDecode(int s, double now) {
    if (batch[s] == 0) {
      decodeTimers.cancel(s);
      return;
    }
    double step = classes[serverClass[s]].stepMs(batch[s]) * nodeSlowdown[serverNode[s]];
    // Never before now: V may sit a rounding error past the key when the timer is moved at its due time.
    double due = now + Math.max(0, requests.finishV[heapRoot[s]] - virtualTokens[s]) * step;
    decodeTimers.set(s, due);
  }

  /** The per-server decode timers, which the run loop merges with the event queue. */
  public ServerTimers decodeTimers() {
    return decodeTimers;
  }

  /** Brings server {@code s}'s virtual clock and KV integral up to {@code now}. */
  private void advance(int s, double now) {
    double dt = now - virtualAtMs[s];
    if (dt <= 0) {
      return;
    }
    ServerClass c = classes[serverClass[s]];
    int b = batch[s];
    double tokens = admittedInputTokens[s] + b * virtualTokens[s] - sumStartV[s];
    if (b > 0) {
      double dv = dt / (c.stepMs(b) * nodeSlowdown[serverNode[s]]);
      kvByteMs[s] += dt * ((tokens + b * dv / 2) * c.kvBytesPerToken() + fixedKvInUse[s]);
      virtualTokens[s] += dv;
    } else {
      kvByteMs[s] += dt * (tokens * c.kvBytesPerToken() + fixedKvInUse[s]);
    }
    virtualAtMs[s] = now;
  }

  /** A plain-service request's service time ended. */
  public boolean serviceDone(int r, long sequence, double now) {
    if (!requests.inUse(r) || requests.eventSequence[r] != sequence) {
      return false;
    }
    requests.firstTokenMs[r] = now;
    finish(requests.server[r], r, now);
    return true;
  }

  private void finish(int s, int r, double now) {
    int node = serverNode[s];
    releaseSlot(s, r, now);
    nodeDepth[node]--;
    if (!(requests.arrivalMs[r] <= requests.nodeArrivalMs[r]
        && requests.nodeArrivalMs[r] <= requests.startMs[r]
        && requests.startMs[r] <= requests.firstTokenMs[r]
        && requests.firstTokenMs[r] <= now)) {
      causalityViolations++;
    }
    observer.requestCompleted(r, now);
    observer.loadChanged(node, now);
    observer.resourcesChanged(node, now);
    requestAdmission(s, now);
  }

  /** Gives back the slot and KV reservation that admitted request {@code r} holds on server s. */
  private void releaseSlot(int s, int r, double now) {
    if (!plainService) {
      kvReserved[s] -= requests.kvBytes[r];
      if (classes[serverClass[s]].kvBytesPerToken() > 0) {
        admittedInputTokens[s] -= requests.inputTokens[r];
      } else {
        fixedKvInUse[s] -= requests.kvBytes[r];
      }
      if (busy[s] == 1) {
        kvReserved[s] = 0; // no drift once the server empties
        fixedKvInUse[s] = 0;
      }
    }
    changeBusy(s, serverNode[s], -1, now);
  }

  // ---------------------------------------------------------------- cancellation

  /**
   * Cancels request {@code r} on its server wherever it is: taken out of the waiting queue, the
   * prefill line, the running prefill or the decode batch (or plain service), its slot and KV
   * reservation given back at once and its pending event invalidated. Used for the losing copy of a
   * hedged request. Returns the slot-ms it held (0 when it never left the queue): the wasted work.
   */
  public double cancel(int r, double now) {
    int s = requests.server[r];
    int node = serverNode[s];
    requests.server[r] = -1;
    advance(s, now);
    double held = 0;
    if (unlink(queueHead, queueTail, s, r)) {
      queueLength[s]--;
    } else {
      held = now - requests.startMs[r];
      if (plainService) {
        requests.eventSequence[r] = -1; // its SERVICE_DONE is now stale
      } else if (unlink(prefillHead, prefillTail, s, r)) {
        // admitted, waiting for its prefill
      } else if (prefilling[s] == r) {
        prefilling[s] = -1;
        prefillSequence[s] = -1; // its PREFILL_DONE is now stale
        changePrefillsRunning(s, -1, now);
      } else {
        heapRoot[s] = heap.remove(heapRoot[s], r);
        batch[s]--;
        sumStartV[s] -= requests.startV[r];
        if (batch[s] == 0) {
          sumStartV[s] = 0;
        }
      }
      releaseSlot(s, r, now);
      if (!plainService) {
        scheduleDecode(s, now);
        startPrefill(s, now);
      }
    }
    nodeDepth[node]--;
    observer.loadChanged(node, now);
    observer.resourcesChanged(node, now);
    requestAdmission(s, now);
    return held;
  }

  /** Removes r from server s's FIFO list given by head/tail; false when it is not in it. */
  private boolean unlink(int[] head, int[] tail, int s, int r) {
    int previous = -1;
    for (int q = head[s]; q >= 0; previous = q, q = requests.next[q]) {
      if (q != r) {
        continue;
      }
      int after = requests.next[r];
      if (previous < 0) {
        head[s] = after;
      } else {
        requests.next[previous] = after;
      }
      if (tail[s] == r) {
        tail[s] = previous;
      }
      requests.next[r] = -1;
      return true;
    }
    return false;
  }

  private void changeBusy(int s, int node, int delta, double now) {
    busySlotMs += busyTotal * (now - busyChangedMs);
    busyChangedMs = now;
    busyTotal += delta;
    busy[s] += delta;
    nodeBusy[node] += delta;
  }

  private void changePrefillsRunning(int s, int delta, double now) {
    int p = classes[serverClass[s]].profile();
    prefillBusyMs[p] += prefillsRunning[p] * (now - prefillChangedMs[p]);
    prefillChangedMs[p] = now;
    prefillsRunning[p] += delta;
  }

  // ---------------------------------------------------------------- faults

  /** Slows every step and prefill of the node by {@code factor} (1 restores), from now on. */
  public void slowDown(int node, double factor, double now) {
    for (int s = nodeFirstServer[node]; s < nodeFirstServer[node + 1]; s++) {
      advance(s, now);
    }
    nodeSlowdown[node] = factor;
    for (int s = nodeFirstServer[node]; s < nodeFirstServer[node + 1]; s++) {
      if (batch[s] > 0) {
        scheduleDecode(s, now);
      }
    }
  }

  /**
   * The node is lost: it goes down and every request on it (queued, prefilling, decoding or in plain
   * service) is taken off and written to {@code out}; returns how many. Pending events of those
   * requests are invalidated by clearing the sequences they carry.
   */
  public int evacuate(int node, double now, int[] out) {
    int count = 0;
    nodeUp[node] = false;
    if (plainService) {
      // Plain-service requests holding a slot are in no list: find them by their node.
      for (int r = 0; r < requests.capacity(); r++) {
        if (requests.inUse(r) && requests.node[r] == node && requests.server[r] >= 0) {
          requests.eventSequence[r] = -1;
          out[count++] = r;
        }
      }
    }
    for (int s = nodeFirstServer[node]; s < nodeFirstServer[node + 1]; s++) {
      advance(s, now);
      if (!plainService) {
        for (int r = queueHead[s]; r >= 0; r = requests.next[r]) {
          out[count++] = r;
        }
        for (int r = prefillHead[s]; r >= 0; r = requests.next[r]) {
          out[count++] = r;
        }
        if (prefilling[s] >= 0) {
          out[count++] = prefilling[s];
          changePrefillsRunning(s, -1, now);
        }
        count = collectHeap(heapRoot[s], out, count);
      }
      queueHead[s] = queueTail[s] = -1;
      prefillHead[s] = prefillTail[s] = -1;
      prefilling[s] = -1;
      prefillSequence[s] = -1;
      heapRoot[s] = -1;
      decodeTimers.cancel(s);
      queueLength[s] = 0;
      batch[s] = 0;
      sumStartV[s] = 0;
      admittedInputTokens[s] = 0;
      kvReserved[s] = 0;
      fixedKvInUse[s] = 0;
      if (busy[s] > 0) {
        changeBusy(s, node, -busy[s], now);
      }
    }
    nodeDepth[node] = 0;
    observer.loadChanged(node, now);
    observer.resourcesChanged(node, now);
    return count;
  }

  private int collectHeap(int root, int[] out, int count) {
    if (root < 0) {
      return count;
    }
    out[count++] = root;
    for (int c = requests.child[root]; c >= 0; c = requests.sibling[c]) {
      count = collectHeap(c, out, count);
    }
    return count;
  }

  /** The node comes back, empty. */
  public void restore(int node, double now) {
    nodeUp[node] = true;
    observer.loadChanged(node, now);
    observer.resourcesChanged(node, now);
  }

  // ---------------------------------------------------------------- metrics

  /**
   * Servers whose books do not balance: busy slots must equal the requests found prefilling or
   * decoding, and reserved KV the sum of their reservations (BLIS's KV-block conservation).
   */
  public int kvAccountingMismatches() {
    if (plainService) {
      return 0;
    }
    int mismatches = 0;
    for (int s = 0; s < serverNode.length; s++) {
      double kv = 0;
      int held = 0;
      for (int r = prefillHead[s]; r >= 0; r = requests.next[r]) {
        kv += requests.kvBytes[r];
        held++;
      }
      if (prefilling[s] >= 0) {
        kv += requests.kvBytes[prefilling[s]];
        held++;
      }
      int decoding = collectHeap(heapRoot[s], scratch(batch[s]), 0);
      for (int i = 0; i < decoding; i++) {
        kv += requests.kvBytes[scratch[i]];
      }
      held += decoding;
      if (held != busy[s] || decoding != batch[s]
          || Math.abs(kv - kvReserved[s]) > 1e-6 * Math.max(1, kvReserved[s])) {
        mismatches++;
      }
    }
    return mismatches;
  }

  /**
   * GPU profiles whose count of servers with a prefill running (kept on every change for the
   * prefill-busy integral) differs from the servers found prefilling now.
   */
  public int prefillAccountingMismatches() {
    int[] found = new int[profileNames.length];
    for (int s = 0; s < serverNode.length; s++) {
      if (prefilling[s] >= 0) {
        found[classes[serverClass[s]].profile()]++;
      }
    }
    int mismatches = 0;
    for (int p = 0; p < profileNames.length; p++) {
      if (found[p] != prefillsRunning[p]) {
        mismatches++;
      }
    }
    return mismatches;
  }

  private int[] scratch = new int[16];

  private int[] scratch(int size) {
    if (scratch.length < size + 1) {
      scratch = new int[Math.max(size + 1, scratch.length * 2)];
    }
    return scratch;
  }

  /** Starts the utilization integrals afresh (end of warm-up). */
  public void startMeasuring(double now) {
    for (int s = 0; s < serverNode.length; s++) {
      advance(s, now);
      kvByteMs[s] = 0;
    }
    busySlotMs = 0;
    busyChangedMs = now;
    for (int p = 0; p < profileNames.length; p++) {
      prefillBusyMs[p] = 0;
      prefillChangedMs[p] = now;
    }
    measureFromMs = now;
  }

  /** Time-weighted busy slots over all slots since measuring started. */
  public double slotUtilization(double now) {
    double area = busySlotMs + busyTotal * (now - busyChangedMs);
    long totalSlots = 0;
    for (int n = 0; n < nodeCount; n++) {
      totalSlots += nodeCapacity[n];
    }
    double span = now - measureFromMs;
    return span <= 0 || totalSlots == 0 ? 0 : area / (totalSlots * span);
  }

  /**
   * Time-weighted fraction of the servers (GPUs, or MIG slices) with a prefill running, over the
   * whole fleet, since measuring started.
   */
  public double prefillBusy(double now) {
    double span = now - measureFromMs;
    if (span <= 0 || serverNode.length == 0) {
      return 0;
    }
    double area = 0;
    for (int p = 0; p < profileNames.length; p++) {
      area += prefillArea(p, now);
    }
    return area / (serverNode.length * span);
  }

  /**
   * {@link #prefillBusy} per GPU profile, over that profile's servers, in configuration order; a
   * profile no node got is left out.
   */
  public Map<String, Double> prefillBusyByProfile(double now) {
    double span = now - measureFromMs;
    Map<String, Double> byProfile = new LinkedHashMap<>();
    for (int p = 0; p < profileNames.length; p++) {
      if (profileServers[p] > 0) {
        double busy = span <= 0 ? 0 : prefillArea(p, now) / (profileServers[p] * span);
        byProfile.put(profileNames[p], busy);
      }
    }
    return byProfile;
  }

  private double prefillArea(int p, double now) {
    return prefillBusyMs[p] + prefillsRunning[p] * (now - prefillChangedMs[p]);
  }

  /** Time-weighted VRAM in use (weights plus KV) over all VRAM since measuring started. */
  public double vramUtilization(double now) {
    double span = now - measureFromMs;
    if (span <= 0) {
      return 0;
    }
    double used = 0;
    double total = 0;
    for (int n = 0; n < nodeCount; n++) {
      used += nodeWeightsBytes[n] * span;
      total += nodeVramBytes[n] * span;
    }
    for (int s = 0; s < serverNode.length; s++) {
      advance(s, now);
      used += kvByteMs[s];
    }
    return total == 0 ? 0 : used / total;
  }

  /** Fraction of the node's VRAM in use now. */
  public double nodeVramFraction(int node, double now) {
    double used = nodeWeightsBytes[node];
    for (int s = nodeFirstServer[node]; s < nodeFirstServer[node + 1]; s++) {
      advance(s, now);
      ServerClass c = classes[serverClass[s]];
      double tokens = admittedInputTokens[s] + batch[s] * virtualTokens[s] - sumStartV[s];
      used += tokens * c.kvBytesPerToken() + fixedKvInUse[s];
    }
    return nodeVramBytes[node] == 0 ? 0 : Math.min(1, used / nodeVramBytes[node]);
  }

  /** USD of the whole fleet over {@code spanMs}: every GPU is paid for whether busy or not. */
  public double fleetCost(double spanMs) {
    double perHour = 0;
    for (int n = 0; n < nodeCount; n++) {
      perHour += nodePricePerHour[n];
    }
    return perHour * spanMs / 3_600_000.0;
  }

  public int nodeCount() {
    return nodeCount;
  }

  public int cellCount() {
    return cellCount;
  }

  public int nodesPerCell() {
    return nodesPerCell;
  }

  public int cellOf(int node) {
    return node / nodesPerCell;
  }

  public int capacity(int node) {
    return nodeCapacity[node];
  }

  public int depth(int node) {
    return nodeDepth[node];
  }

  public int busySlots(int node) {
    return nodeBusy[node];
  }

  public boolean isUp(int node) {
    return nodeUp[node];
  }

  public long kvWaits() {
    return kvWaits;
  }

  public long kvRejects() {
    return kvRejects;
  }

  public long causalityViolations() {
    return causalityViolations;
  }

  public int serverCount() {
    return serverNode.length;
  }

  /** Requests waiting in a server's queue, for tests. */
  public int queueLength(int s) {
    return queueLength[s];
  }

  /** KV bytes reserved on a server, for tests. */
  public double kvReserved(int s) {
    return kvReserved[s];
  }

  /** Decoding sequences on a server, for tests. */
  public int batchSize(int s) {
    return batch[s];
  }
}
