package dev.fabricplanner.sim.cluster;

import dev.fabricplanner.sim.engine.EventKind;
import dev.fabricplanner.sim.engine.EventQueue;
import dev.fabricplanner.sim.engine.ServerTimers;
import dev.fabricplanner.sim.exec.ExecutionModel;
import dev.fabricplanner.sim.exec.StepBatch;
import dev.fabricplanner.sim.kv.KvBlockPool;
import dev.fabricplanner.sim.kv.KvEventFeed;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * True state of every node and server, and each server's step scheduler (vLLM V1 style).
 *
 * <p>A node holds one server (its GPU) or several (its MIG slices); a request reaching a node joins
 * the waiting queue of the least loaded one. A server runs steps back to back while it has work. Each
 * step the scheduler fills one batch under the token budget ({@code max_num_batched_tokens}) and
 * {@code max_num_seqs}: every decoding request first (one token each), then the next chunk of each
 * running prompt, then waiting requests FCFS, each taking as much of its prompt as the budget leaves
 * (chunked prefill). The execution model prices the batch; when the step ends every scheduled token is
 * in KV, a request whose prompt is complete produces a token (its first: TTFT), and a request that has
 * produced its output length finishes. Only this class knows that length.
 *
 * <p>KV is paged: a request holds ceil(tokens in KV / block size) blocks, taken as its tokens grow.
 * When a step cannot get the blocks it needs, the newest running request (last taken from the waiting
 * queue) is preempted: its blocks are freed and it goes back to the head of the waiting queue, to be
 * recomputed (prompt plus the tokens it had generated) when scheduled again, as vLLM V1 does. A step
 * that preempted admits nobody new. Allocation points: {@link #admitToStep}, {@link #growDecodes},
 * {@link #growPrefill}, {@link #freeBlocks}.
 *
 * <p>Decoding requests are kept in O(1) per step: every one of them gains a token per step, so with
 * the server's step count S a request that joined at step s0 with c0 tokens in KV has c0 + S - s0;
 * the batch's context is {@code sum(c0 - s0) + B x S}, the requests crossing a block boundary this
 * step are counted by (c0 - s0) mod block size, and finishes sit in a pairing heap keyed by the step
 * of their last token. A step therefore costs O(log B + prefilling requests), not O(B).
 *
 * <p>In a validation run ({@code service_model} set) a server is {@code max_num_seqs} plain servers: a
 * request holds a slot for its drawn service time, with no steps, no KV limit, no prefill/decode split.
 */
public final class Fleet {
  private final EventQueue events;
  private final ServerTimers stepTimers;
  private final RequestTable requests;
  private final DecodeHeap heap;
  private final boolean plainService;
  private final StepBatch batchScratch = new StepBatch();
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
  /** Each server's step model: its class's, unless a binding priced its links ({@link #useExecution}). */
  private final ExecutionModel[] execution;
  /** Links steps hold beyond their GPUs (cross-host pipeline hops); null: none. */
  private StepLinks stepLinks;
  final String[] profileNames;

  // True node state.
  final int[] nodeDepth;
  final int[] nodeBusy;
  final boolean[] nodeUp;
  final double[] nodeSlowdown;

  // Server state.
  final int[] serverNode;
  final int[] serverClass;
  final int[] busy;
  final int[] waitHead;
  final int[] waitTail;
  final int[] waitLength;
  final int[] prefillHead;
  final int[] prefillTail;
  final int[] batch;
  final int[] heapRoot;
  final long[] steps;
  final long[] sumContextBase;
  /** Blocks held outside pool sequences: every block without a pool, generated tokens' with one. */
  final int[] usedBlocks;
  /**
   * A server's prefix-caching block pool, made when the first request carrying prompt block hashes
   * reaches it (the blocks already counted move into it as anonymous blocks); null until then.
   */
  final KvBlockPool[] pools;
  /** Where the pools publish stored/evicted block events (precise KV index); null: nowhere. */
  private KvEventFeed kvFeed;
  final int[] residueBase;
  final int[] residues;
  final boolean[] stepping;
  /** Decode-only steps planned after the running one (one timer for the whole run). */
  final int[] runLeft;
  private static final int MAX_RUN = 1 << 20;
  /** True while a step's results are applied: a cancel then must not start a step of its own. */
  final boolean[] completing;
  private int[] finished = new int[64];
  final boolean[] decodesGrown;
  final double[] stepStartMs;
  final double[] stepMs;
  final int[] stepTokens;
  final boolean[] stepPrefills;
  /** The prefill part of the running step's time (see {@link #prefillShareMs}). */
  final double[] stepPrefillMs;
  private final StepBatch partScratch = new StepBatch();
  final double[] gpuMsPerToken;
  final double[] kvBlockMs;
  final double[] kvChangedMs;
  private long admitCounter;

  // Fleet-wide time integrals (reset when the warm-up ends).
  private int busyTotal;
  private double busyChangedMs;
  private double busySlotMs;
  private double measureFromMs;

  // Per GPU profile: how many of its servers run a step with prefill tokens (for the invariant), and
  // the prefill part of the steps' time since measuring started.
  private final int[] profileServers;
  private final int[] prefillsRunning;
  private final double[] prefillBusyMs;
  /** Per server: measured time with at least one running request, and when the current such spell began. */
  private final double[] busyMs;
  private final double[] busySinceMs;

  private long kvWaits;
  private long kvRejects;
  private long preemptions;
  private long causalityViolations;
  private long stepCount;

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
    stepTimers = new ServerTimers(servers);
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
    execution = new ExecutionModel[servers];
    busy = new int[servers];
    waitHead = new int[servers];
    waitTail = new int[servers];
    waitLength = new int[servers];
    prefillHead = new int[servers];
    prefillTail = new int[servers];
    batch = new int[servers];
    heapRoot = new int[servers];
    steps = new long[servers];
    sumContextBase = new long[servers];
    usedBlocks = new int[servers];
    pools = new KvBlockPool[servers];
    residueBase = new int[servers + 1];
    stepping = new boolean[servers];
    runLeft = new int[servers];
    completing = new boolean[servers];
    decodesGrown = new boolean[servers];
    stepStartMs = new double[servers];
    stepMs = new double[servers];
    stepTokens = new int[servers];
    stepPrefills = new boolean[servers];
    stepPrefillMs = new double[servers];
    gpuMsPerToken = new double[servers];
    kvBlockMs = new double[servers];
    kvChangedMs = new double[servers];
    busyMs = new double[servers];
    busySinceMs = new double[servers];
    profileServers = new int[profileNames.length];
    prefillsRunning = new int[profileNames.length];
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
        execution[s] = classes[c].execution();
        profileServers[classes[c].profile()]++;
        nodeCapacity[n] += classes[c].maxNumSeqs();
        nodeWeightsBytes[n] += classes[c].weightsBytes();
        residueBase[s + 1] = residueBase[s] + (plainService ? 0 : classes[c].blockSize());
        waitHead[s] = -1;
        waitTail[s] = -1;
        prefillHead[s] = -1;
        prefillTail[s] = -1;
        heapRoot[s] = -1;
      }
    }
    nodeFirstServer[nodeCount] = s;
    residues = new int[residueBase[servers]];
  }

  public void attach(FleetObserver fleetObserver) {
    this.observer = fleetObserver;
  }

  // ---------------------------------------------------------------- arrival

  /**
   * Milliseconds from a request reaching {@code node} to its scheduler seeing it (API server,
   * tokenization), from the node's first server class.
   */
  public double schedulingDelayMs(int node, int promptTokens) {
    ServerClass c = classes[serverClass[nodeFirstServer[node]]];
    return c.schedulingDelayMs() + c.schedulingDelayMsPerToken() * promptTokens;
  }

  /**
   * A request reaches its node's scheduler: it joins the waiting queue of the least loaded of the
   * node's servers whose whole KV cache could hold it, or is rejected when none could (it would
   * preempt itself forever: vLLM refuses such a request by its max_model_len).
   */
  public void arrive(int r, int node, double now) {
    advanceKvFeed(now);
    int first = nodeFirstServer[node];
    int last = nodeFirstServer[node + 1];
    requests.node[r] = node;
    if ((requests.flags[r] & RequestTable.KV_RECEIVED) == 0) {
      requests.nodeArrivalMs[r] = now; // a decode node's arrival is the KV cache's landing
    }
    long tokens = (long) requests.inputTokens[r] + requests.outputTokens[r];
    int s = -1;
    double best = Double.POSITIVE_INFINITY;
    for (int k = first; k < last; k++) {
      ServerClass c = classes[serverClass[k]];
      if (!plainService && c.blocksFor(tokens) > c.kvBlocks()) {
        continue;
      }
      double load = (double) (waitLength[k] + busy[k]) / c.maxNumSeqs();
      if (s < 0 || load < best) {
        best = load;
        s = k;
      }
    }
    if (s < 0) {
      kvRejects++;
      observer.requestRejected(r, now);
      return;
    }
    requests.server[r] = s;
    requests.waitSinceMs[r] = now;
    catchUp(s, now, true);
    appendWaiting(s, r);
    nodeDepth[node]++;
    observer.loadChanged(node, now);
    if (plainService) {
      admitPlain(s, now);
    } else if (!stepping[s]) {
      startStep(s, now);
    }
  }

  private void appendWaiting(int s, int r) {
    requests.next[r] = -1;
    if (waitTail[s] < 0) {
      waitHead[s] = r;
    } else {
      requests.next[waitTail[s]] = r;
    }
    waitTail[s] = r;
    waitLength[s]++;
  }

  private void pushWaitingFront(int s, int r) {
    requests.next[r] = waitHead[s];
    waitHead[s] = r;
    if (waitTail[s] < 0) {
      waitTail[s] = r;
    }
    waitLength[s]++;
  }

  private int popWaiting(int s) {
    int r = waitHead[s];
    waitHead[s] = requests.next[r];
    if (waitHead[s] < 0) {
      waitTail[s] = -1;
    }
    waitLength[s]--;
    requests.next[r] = -1;
    return r;
  }

  // ---------------------------------------------------------------- plain service (validation)

  private void admitPlain(int s, double now) {
    int node = serverNode[s];
    int slots = classes[serverClass[s]].maxNumSeqs();
    while (waitLength[s] > 0 && busy[s] < slots) {
      int r = popWaiting(s);
      changeBusy(s, node, 1, now);
      requests.startMs[r] = now;
      requests.queuedMs[r] = now - requests.nodeArrivalMs[r];
      requests.eventSequence[r] =
          events.schedule(now + requests.serviceMs[r] * nodeSlowdown[node], EventKind.SERVICE_DONE, r);
    }
  }

  /** A plain-service request's service time ended. */
  public boolean serviceDone(int r, long sequence, double now) {
    advanceKvFeed(now);
    if (!requests.inUse(r) || requests.eventSequence[r] != sequence) {
      return false;
    }
    int s = requests.server[r];
    requests.firstTokenMs[r] = now;
    requests.firstTokenDelayMs[r] = 0;
    requests.generated[r] = requests.outputTokens[r];
    requests.gpuMs[r] = now - requests.startMs[r];
    changeBusy(s, serverNode[s], -1, now);
    finish(s, r, now);
    admitPlain(s, now);
    return true;
  }

  // ---------------------------------------------------------------- the step scheduler

  /** Schedules and starts server {@code s}'s next step, or leaves it idle when it has no work. */
  private void startStep(int s, double now) {
    ServerClass c = classes[serverClass[s]];
    kvAdvance(s, now);
    StepBatch b = batchScratch;
    b.clear();
    int budget = c.maxNumBatchedTokens();
    boolean preempted = growDecodes(s, c, now);
    budget -= batch[s];
    // Running prompts continue, in the order they were taken from the waiting queue.
    int r = prefillHead[s];
    while (r >= 0 && budget > 0) {
      int target = requests.inputTokens[r] + requests.generated[r];
      int chunk = Math.min(target - requests.computed[r], budget);
      if (!growPrefill(s, c, r, chunk, now)) {
        preempted = true;
        break; // r itself was preempted
      }
      preempted |= requests.chunk[r] < 0;
      requests.chunk[r] = chunk;
      budget -= chunk;
      b.addPrefillChunk(chunk, requests.computed[r]);
      r = requests.next[r];
    }
    // New requests, FCFS, only in a step that preempted nobody (as vLLM V1).
    if (!preempted) {
      while (waitHead[s] >= 0 && budget > 0 && busy[s] < c.maxNumSeqs()) {
        int w = waitHead[s];
        int chunk = admitToStep(s, c, w, budget, now);
        if (chunk == 0) {
          break;
        }
        budget -= chunk;
        b.addPrefillChunk(chunk, requests.computed[w]);
      }
    }
    b.decodeSequences = batch[s];
    b.decodeContextTokens = sumContextBase[s] + (long) batch[s] * (steps[s] + 1);
    if (b.isEmpty()) {
      decodesGrown[s] = false;
      if (preempted && waitHead[s] >= 0) {
        startStep(s, now); // everything running was preempted: the next step admits
      }
      return;
    }
    double ms = execution[s].stepMs(b) * nodeSlowdown[serverNode[s]];
    boolean holdsLinks = stepLinks != null && stepLinks.holdsLinks(serverNode[s]);
    if (holdsLinks) {
      ms += stepLinks.waitMs(serverNode[s], b, now);
    }
    stepping[s] = true;
    stepStartMs[s] = now;
    stepMs[s] = ms;
    stepTokens[s] = b.prefillTokens + b.decodeSequences;
    stepPrefills[s] = b.prefillTokens > 0;
    if (stepPrefills[s]) {
      changePrefillsRunning(s, 1, now);
      stepPrefillMs[s] = prefillShareMs(execution[s], b, ms);
    }
    // A step holding shared links books them when it starts: no run of steps planned ahead.
    boolean decodeOnly =
        b.prefillTokens == 0 && waitHead[s] < 0 && prefillHead[s] < 0 && !holdsLinks;
    stepTimers.set(s, decodeOnly ? planRun(s, c, now + ms) : now + ms);
  }

  /**
   * Plans a run of decode-only steps after the one just started, up to the step at whose end the
   * first decoding request finishes, or before a step whose new blocks would not be free: nothing
   * else can change the run unless something reaches the server (an arrival, a cancel, a fault),
   * which first materializes the steps done by then ({@link #catchUp}). Returns the run's end, when
   * its last step ends: one timer for the whole run. Step times are the execution model's for each
   * step's batch, exactly as if each step were its own event.
   */
  private double planRun(int s, ServerClass c, double firstEnd) {
    long finishStep = (long) requests.finishV[heapRoot[s]];
    int free = freeBlocks(s, c);
    int b = batch[s];
    double slowdown = nodeSlowdown[serverNode[s]];
    StepBatch step = batchScratch;
    double end = firstEnd;
    int more = 0;
    // Step k starts with steps[s] + k done; it may run only if no request finished at its start.
    for (long k = 1; steps[s] + k < finishStep && more < MAX_RUN; k++) {
      long done = steps[s] + k;
      int need = residues[residueBase[s] + (int) Math.floorMod(-done, (long) c.blockSize())];
      if (need > free) {
        break;
      }
      free -= need;
      step.clear();
      step.decodeSequences = b;
      step.decodeContextTokens = sumContextBase[s] + (long) b * (done + 1);
      end += execution[s].stepMs(step) * slowdown;
      more++;
    }
    runLeft[s] = more;
    return end;
  }

  /**
   * Materializes the steps of server s's planned run that have ended by {@code now} (tokens, blocks,
   * step counts, GPU shares and token gaps, as their own events would have), leaving the step running
   * at {@code now} as the current one. With {@code truncate} the run stops after that step, so the
   * scheduler sees what has just reached the server when it ends.
   */
  private void catchUp(int s, double now, boolean truncate) {
    if (runLeft[s] == 0) {
      return;
    }
    ServerClass c = classes[serverClass[s]];
    StepBatch step = batchScratch;
    int b = batch[s];
    while (runLeft[s] > 0 && stepStartMs[s] + stepMs[s] <= now) {
      double end = stepStartMs[s] + stepMs[s];
      steps[s]++;
      stepCount++;
      kvAdvance(s, end);
      gpuMsPerToken[s] += stepMs[s] / b;
      observer.tokensProduced(b, stepMs[s], end);
      takeBlocks(s, residues[residueBase[s] + residueOfStep(s, c)]);
      step.clear();
      step.decodeSequences = b;
      step.decodeContextTokens = sumContextBase[s] + (long) b * (steps[s] + 1);
      stepStartMs[s] = end;
      stepMs[s] = execution[s].stepMs(step) * nodeSlowdown[serverNode[s]];
      runLeft[s]--;
    }
    if (truncate && runLeft[s] > 0) {
      runLeft[s] = 0;
      stepTimers.set(s, stepStartMs[s] + stepMs[s]);
    }
  }

  /**
   * The prefill part of a step of {@code ms}: the step's time split between its prefill chunks and
   * its decodes in proportion to the time each would take alone (for the profile step model, exactly
   * the prompt tokens x ms per token, so prefill busy follows the utilization law).
   */
  private double prefillShareMs(ExecutionModel model, StepBatch b, double ms) {
    if (b.decodeSequences == 0) {
      return ms;
    }
    StepBatch part = partScratch;
    part.clear();
    part.decodeSequences = b.decodeSequences;
    part.decodeContextTokens = b.decodeContextTokens;
    double decodeAlone = model.stepMs(part);
    part.clear();
    part.prefillTokens = b.prefillTokens;
    part.prefillSequences = b.prefillSequences;
    part.prefillAttentionPairs = b.prefillAttentionPairs;
    double prefillAlone = model.stepMs(part);
    return ms * prefillAlone / (prefillAlone + decodeAlone);
  }

  /**
   * Takes blocks for every decoding request whose next token starts a block, preempting the newest
   * running requests while they do not fit. Returns whether it preempted.
   */
  private boolean growDecodes(int s, ServerClass c, double now) {
    boolean preempted = false;
    if (batch[s] > 0) {
      int need = residues[residueBase[s] + residueOfStep(s, c)];
      while (need > freeBlocks(s, c) && batch[s] > 0) {
        preemptNewest(s, c, now);
        preempted = true;
        need = batch[s] > 0 ? residues[residueBase[s] + residueOfStep(s, c)] : 0;
      }
      takeBlocks(s, need);
    }
    decodesGrown[s] = true;
    return preempted;
  }

  /**
   * Takes the blocks running prompt r needs for its next {@code chunk} tokens, preempting the newest
   * running requests while they do not fit; false when r itself was preempted. Sets r's chunk to -1
   * when it preempted another request (the caller notes the preemption).
   */
  private boolean growPrefill(int s, ServerClass c, int r, int chunk, double now) {
    boolean others = false;
    int seq = requests.kvSeq[r];
    int tokens = requests.computed[r] + chunk;
    int need = seq >= 0 ? 0 : c.blocksFor(tokens) - requests.blocks[r];
    while (seq >= 0 ? !pools[s].grow(seq, tokens) : need > freeBlocks(s, c)) {
      int victim = newestRunning(s);
      preempt(s, c, victim, now);
      if (victim == r) {
        return false;
      }
      others = true;
    }
    if (seq < 0) {
      takeBlocks(s, need);
      requests.blocks[r] += need;
    }
    requests.chunk[r] = others ? -1 : 0;
    return true;
  }

  /**
   * Takes waiting request w into this step with the first chunk of its prompt (the part not already
   * in KV) if its blocks fit; returns the chunk, 0 when it must keep waiting.
   */
  private int admitToStep(int s, ServerClass c, int w, int budget, double now) {
    int target = requests.inputTokens[w] + requests.generated[w];
    long[] hashes = c.prefixCaching() ? requests.promptHashes[w] : null;
    int chunk;
    if (hashes != null) {
      // Prefix caching: the cached leading blocks are reused, only the rest is computed.
      KvBlockPool pool = poolFor(s, c);
      int cached = pool.cachedTokens(hashes, target);
      // A KV cache received from a prefill node is here already: only what follows it is computed.
      int present = (requests.flags[w] & RequestTable.KV_RECEIVED) != 0
          ? Math.max(cached, requests.computed[w]) : cached;
      chunk = Math.min(target - present, budget);
      boolean resumed = requests.generated[w] > 0 || requests.preemptions[w] > 0;
      int seq = pool.admit(hashes, target, present + chunk, resumed);
      if (seq == KvBlockPool.NO_SPACE) {
        return kvWait(w);
      }
      requests.kvSeq[w] = seq;
      requests.computed[w] = present;
      if (Double.isNaN(requests.startMs[w])) {
        requests.cachedTokens[w] = cached;
      }
    } else {
      chunk = Math.min(target - requests.computed[w], budget);
      int need = c.blocksFor((long) requests.computed[w] + chunk) - requests.blocks[w];
      if (need > freeBlocks(s, c)) {
        return kvWait(w);
      }
      takeBlocks(s, need);
      requests.blocks[w] += need;
    }
    popWaiting(s);
    requests.chunk[w] = chunk;
    requests.admitSequence[w] = ++admitCounter;
    requests.queuedMs[w] += now - requests.waitSinceMs[w];
    if (Double.isNaN(requests.startMs[w])) {
      requests.startMs[w] = now;
    }
    if (prefillTail[s] < 0) {
      prefillHead[s] = w;
    } else {
      requests.next[prefillTail[s]] = w;
    }
    prefillTail[s] = w;
    changeBusy(s, serverNode[s], 1, now);
    observer.resourcesChanged(serverNode[s], now);
    return chunk;
  }

  /** Counts w's wait for blocks (once per request); 0: it stays waiting. */
  private int kvWait(int w) {
    if ((requests.flags[w] & RequestTable.KV_WAITED) == 0) {
      requests.flags[w] |= RequestTable.KV_WAITED;
      kvWaits++;
    }
    return 0;
  }

  /**
   * Makes every server's pool publish its block events into {@code feed} under its node's number
   * (the index keeps a block on a node until every server there that stored it has evicted it). Call it
   * before the first request arrives.
   */
  public void publishKvEvents(KvEventFeed feed) {
    for (KvBlockPool pool : pools) {
      if (pool != null) {
        throw new IllegalStateException("KV events must be attached before any pool is made");
      }
    }
    kvFeed = feed;
  }

  /** Stamps the block events of what follows with {@code now}. */
  private void advanceKvFeed(double now) {
    if (kvFeed != null) {
      kvFeed.advanceTo(now);
    }
  }

  /** Server s's pool, made on first use with the blocks already held moved into it. */
  private KvBlockPool poolFor(int s, ServerClass c) {
    if (pools[s] == null) {
      pools[s] =
          kvFeed == null
              ? new KvBlockPool(c.kvBlocks(), c.blockSize(), true)
              : new KvBlockPool(
                  c.kvBlocks(), c.blockSize(), true, kvFeed.publisherFor(serverNode[s]));
      pools[s].takeUnhashed(usedBlocks[s]);
    }
    return pools[s];
  }

  /** Takes {@code count} anonymous blocks (the caller has checked they are free). */
  private void takeBlocks(int s, int count) {
    usedBlocks[s] += count;
    if (pools[s] != null && !pools[s].takeUnhashed(count)) {
      throw new IllegalStateException("server " + s + ": " + count + " blocks checked free, not free");
    }
  }

  /** Gives back {@code count} anonymous blocks. */
  private void freeBlocks(int s, int count) {
    usedBlocks[s] -= count;
    if (pools[s] != null) {
      pools[s].returnUnhashed(count);
    }
  }

  /** Ends r's pool sequence, if it has one (its prompt blocks stay cached until evicted). */
  private void freeSequence(int s, int r) {
    if (requests.kvSeq[r] >= 0) {
      pools[s].free(requests.kvSeq[r]);
      requests.kvSeq[r] = -1;
    }
  }

  /** Blocks in use on server s (shared cached blocks once). */
  private int blocksInUse(int s) {
    return pools[s] != null ? pools[s].usedBlocks() : usedBlocks[s];
  }

  /** The residue class (c0 - s0) mod block size of decoding requests that need a block this step. */
  private int residueOfStep(int s, ServerClass c) {
    return (int) Math.floorMod(-steps[s], (long) c.blockSize());
  }

  private int freeBlocks(int s, ServerClass c) {
    return pools[s] != null ? pools[s].freeBlocks() : c.kvBlocks() - usedBlocks[s];
  }

  /**
   * Server {@code s}'s step ended: tokens are in KV, requests produce tokens or finish. Finished
   * requests are reported once the server's lists are consistent, since a report may cancel a hedge
   * partner on this same server.
   */
  public void stepDone(int s, double now) {
    advanceKvFeed(now);
    catchUp(s, now, false);
    ServerClass c = classes[serverClass[s]];
    stepCount++;
    stepping[s] = false;
    completing[s] = true;
    decodesGrown[s] = false;
    steps[s]++;
    kvAdvance(s, now);
    if (stepPrefills[s]) {
      changePrefillsRunning(s, -1, now);
      prefillBusyMs[c.profile()] += measuredPart(stepPrefillMs[s], now);
    }
    double perToken = stepTokens[s] > 0 ? stepMs[s] / stepTokens[s] : 0;
    int done = 0;
    if (batch[s] > 0) {
      gpuMsPerToken[s] += perToken;
      observer.tokensProduced(batch[s], now - stepStartMs[s], now);
      long step = steps[s];
      while (heapRoot[s] >= 0 && requests.finishV[heapRoot[s]] <= step) {
        int r = heapRoot[s];
        leaveDecodes(s, c, r);
        heapRoot[s] = heap.removeMin(r);
        done = addFinished(done, r);
      }
    }
    int r = prefillHead[s];
    int previous = -1;
    while (r >= 0) {
      int next = requests.next[r];
      int chunk = requests.chunk[r];
      if (chunk <= 0) {
        break; // later prompts got no budget this step
      }
      requests.chunk[r] = 0;
      requests.computed[r] += chunk;
      requests.gpuMs[r] += chunk * perToken;
      if (requests.kvSeq[r] >= 0) {
        pools[s].commit(requests.kvSeq[r], requests.computed[r]);
      }
      if (requests.computed[r] < requests.inputTokens[r] + requests.generated[r]) {
        previous = r;
        r = next;
        continue;
      }
      // The prompt (or its recomputation) is in KV: the request produces a token.
      if (previous < 0) {
        prefillHead[s] = next;
      } else {
        requests.next[previous] = next;
      }
      if (prefillTail[s] == r) {
        prefillTail[s] = previous;
      }
      requests.next[r] = -1;
      if (requests.decodeNode[r] >= 0 && (requests.flags[r] & RequestTable.KV_RECEIVED) == 0) {
        handOff(s, r, chunk, now); // disaggregated: the first token comes from the decode node
        r = next;
        continue;
      }
      produceToken(r, now);
      if (requests.generated[r] >= requests.outputTokens[r]) {
        freeBlocks(s, requests.blocks[r]);
        freeSequence(s, r);
        requests.blocks[r] = 0;
        done = addFinished(done, r);
      } else {
        joinDecodes(s, c, r);
      }
      r = next;
    }
    for (int i = 0; i < done; i++) {
      finish(s, finished[i], now);
    }
    completing[s] = false;
    if (done > 0) {
      observer.resourcesChanged(serverNode[s], now);
    }
    if (busy[s] > 0 || waitHead[s] >= 0) {
      startStep(s, now);
    }
  }

  /** A disaggregated prompt is in KV: the server lets it go and the engine ships its KV cache. */
  private void handOff(int s, int r, int lastChunk, double now) {
    freeBlocks(s, requests.blocks[r]);
    freeSequence(s, r);
    requests.blocks[r] = 0;
    requests.server[r] = -1;
    int node = serverNode[s];
    changeBusy(s, node, -1, now);
    nodeDepth[node]--;
    observer.kvReady(r, now, stepStartMs[s], lastChunk);
    observer.loadChanged(node, now);
    observer.resourcesChanged(node, now);
  }

  /**
   * Notes r as finished, to be reported after the step's bookkeeping. It is off the server already,
   * so a hedge partner finishing in the same step treats it as in transit (resolved on report).
   */
  private int addFinished(int count, int r) {
    requests.server[r] = -1;
    if (count == finished.length) {
      finished = Arrays.copyOf(finished, count * 2);
    }
    finished[count] = r;
    return count + 1;
  }

  /** The part of {@code ms} of work ending now that falls after measuring started, pro rata. */
  private double measuredPart(double ms, double now) {
    double start = now - ms;
    if (start >= measureFromMs) {
      return ms;
    }
    return now <= measureFromMs ? 0 : ms * (now - measureFromMs) / (now - start);
  }

  /**
   * How much later than now the client sees a token request {@code r} produces now: the front end
   * and output delay of its server's calibration (0 without one), priced at the server's step time.
   */
  public double clientDelayMs(int r) {
    int s = requests.server[r];
    return s < 0 ? 0 : classes[serverClass[s]].clientDelayMs(stepMs[s]);
  }

  private void produceToken(int r, double now) {
    if (requests.generated[r] == 0) {
      requests.firstTokenMs[r] = now;
      requests.firstTokenDelayMs[r] = clientDelayMs(r);
    } else {
      // The first token after a preemption: the gap includes the wait and the recomputation.
      observer.tokensProduced(1, now - requests.lastTokenMs[r], now);
    }
    requests.generated[r]++;
    requests.lastTokenMs[r] = now;
  }

  private void joinDecodes(int s, ServerClass c, int r) {
    long step = steps[s];
    // A pool sequence keeps the prompt's blocks; the decoding request counts only the blocks after
    // them (anonymous). Without one, requests.blocks already holds them all, anonymously.
    requests.seqBlocks[r] = requests.kvSeq[r] >= 0 ? c.blocksFor(requests.computed[r]) : 0;
    requests.blocks[r] = 0;
    requests.startV[r] = step;
    requests.finishV[r] = step + requests.outputTokens[r] - requests.generated[r];
    requests.gpuMark[r] = gpuMsPerToken[s];
    long base = requests.computed[r] - step;
    sumContextBase[s] += base;
    residues[residueBase[s] + (int) Math.floorMod(base, (long) c.blockSize())]++;
    heapRoot[s] = heap.insert(heapRoot[s], r);
    batch[s]++;
  }

  /**
   * Takes decoding request r's progress out of the server's sums and brings its own counters up to
   * date (tokens in KV and generated, blocks, GPU share); the caller unlinks it from the heap.
   */
  private void leaveDecodes(int s, ServerClass c, int r) {
    long step = steps[s];
    long joined = (long) requests.startV[r];
    long base = requests.computed[r] - joined;
    sumContextBase[s] -= base;
    residues[residueBase[s] + (int) Math.floorMod(base, (long) c.blockSize())]--;
    batch[s]--;
    requests.computed[r] += (int) (step - joined);
    requests.generated[r] += (int) (step - joined);
    requests.gpuMs[r] += gpuMsPerToken[s] - requests.gpuMark[r];
    // Between steps a request holds the blocks of its tokens in KV; during a step, also the block
    // its next token was given.
    int held = c.blocksFor(requests.computed[r] + (decodesGrown[s] ? 1 : 0)) - requests.seqBlocks[r];
    freeBlocks(s, held);
    freeSequence(s, r);
    requests.seqBlocks[r] = 0;
    if (batch[s] == 0) {
      sumContextBase[s] = 0;
    }
  }

  // ---------------------------------------------------------------- preemption

  /** Preempts the newest running request of server s. */
  private void preemptNewest(int s, ServerClass c, double now) {
    preempt(s, c, newestRunning(s), now);
  }

  /** The running request last taken from the waiting queue (vLLM V1 preempts the running list's tail). */
  private int newestRunning(int s) {
    int newest = prefillTail[s];
    int count = heap.list(heapRoot[s]);
    for (int i = 0; i < count; i++) {
      int r = heap.member(i);
      if (newest < 0 || requests.admitSequence[r] > requests.admitSequence[newest]) {
        newest = r;
      }
    }
    return newest;
  }

  /** Frees r's blocks and sends it back to the head of the waiting queue, to be recomputed. */
  private void preempt(int s, ServerClass c, int r, double now) {
    if (!unlink(prefillHead, prefillTail, s, r)) {
      leaveDecodes(s, c, r);
      heapRoot[s] = heap.remove(heapRoot[s], r);
    } else {
      freeBlocks(s, requests.blocks[r]);
      freeSequence(s, r);
    }
    requests.blocks[r] = 0;
    requests.computed[r] = 0;
    requests.chunk[r] = 0;
    requests.preemptions[r]++;
    preemptions++;
    requests.waitSinceMs[r] = now;
    if (requests.generated[r] > 0) {
      requests.lastTokenMs[r] = now; // steps run back to back: its last token came out now
    }
    pushWaitingFront(s, r);
    changeBusy(s, serverNode[s], -1, now);
  }

  // ---------------------------------------------------------------- completion and cancellation

  private void finish(int s, int r, double now) {
    int node = serverNode[s];
    if (!plainService) {
      changeBusy(s, node, -1, now);
    }
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
  }

  /**
   * Cancels request {@code r} on its server wherever it is: taken out of the waiting queue, the
   * running prompts or the decoding requests (or plain service), its blocks given back at once. Used
   * for the losing copy of a hedged request. Returns the GPU-ms of real steps it was given: its share
   * of every step it was in, including the one running now (that work is done and wasted); for plain
   * service, the slot time it held.
   */
  public double cancel(int r, double now) {
    int s = requests.server[r];
    int node = serverNode[s];
    requests.server[r] = -1;
    catchUp(s, now, true);
    double wasted = 0;
    if (unlink(waitHead, waitTail, s, r)) {
      waitLength[s]--;
      wasted = requests.gpuMs[r]; // a preempted request's earlier work
    } else if (plainService) {
      requests.eventSequence[r] = -1; // its SERVICE_DONE is now stale
      wasted = now - requests.startMs[r];
      changeBusy(s, node, -1, now);
      admitPlain(s, now);
    } else {
      ServerClass c = classes[serverClass[s]];
      kvAdvance(s, now);
      double perToken = stepTokens[s] > 0 ? stepMs[s] / stepTokens[s] : 0;
      if (unlink(prefillHead, prefillTail, s, r)) {
        if (stepping[s] && requests.chunk[r] > 0) {
          requests.gpuMs[r] += requests.chunk[r] * perToken;
        }
        freeBlocks(s, requests.blocks[r]);
        freeSequence(s, r);
      } else {
        leaveDecodes(s, c, r);
        heapRoot[s] = heap.remove(heapRoot[s], r);
        if (stepping[s]) {
          requests.gpuMs[r] += perToken;
        }
      }
      requests.blocks[r] = 0;
      requests.chunk[r] = 0;
      wasted = requests.gpuMs[r];
      changeBusy(s, node, -1, now);
      if (!stepping[s] && !completing[s] && (busy[s] > 0 || waitHead[s] >= 0)) {
        startStep(s, now);
      }
    }
    nodeDepth[node]--;
    observer.loadChanged(node, now);
    observer.resourcesChanged(node, now);
    return wasted;
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
    if (busy[s] == 0 && delta > 0) {
      busySinceMs[s] = Math.max(now, measureFromMs);
    }
    busy[s] += delta;
    if (busy[s] == 0 && delta < 0) {
      busyMs[s] += Math.max(0, now - busySinceMs[s]);
    }
    nodeBusy[node] += delta;
  }

  private void changePrefillsRunning(int s, int delta, double now) {
    prefillsRunning[classes[serverClass[s]].profile()] += delta;
  }

  private void kvAdvance(int s, double now) {
    double dt = now - kvChangedMs[s];
    if (dt > 0) {
      kvBlockMs[s] += dt * blocksInUse(s);
      kvChangedMs[s] = now;
    }
  }

  /** The per-server step timers, which the run loop merges with the event queue. */
  public ServerTimers stepTimers() {
    return stepTimers;
  }

  // ---------------------------------------------------------------- faults

  /** Slows every step of the node by {@code factor} (1 restores), from its next step on. */
  public void slowDown(int node, double factor, double now) {
    stopPlannedRuns(node, now);
    nodeSlowdown[node] = factor;
  }

  /**
   * The node's servers' decode runs planned ahead stop after their current step, so that a change to
   * how steps are priced applies from the next one.
   */
  private void stopPlannedRuns(int node, double now) {
    for (int s = nodeFirstServer[node]; s < nodeFirstServer[node + 1]; s++) {
      catchUp(s, now, true);
    }
  }

  /**
   * The node is lost: it goes down and every request on it (waiting, running or in plain service) is
   * taken off and written to {@code out}; returns how many. Pending events of those requests are
   * invalidated by clearing the sequences they carry.
   */
  public int evacuate(int node, double now, int[] out) {
    int count = 0;
    nodeUp[node] = false;
    if (plainService) {
      // Plain-service requests holding a slot are in no list: find them by their node.
      for (int r = 0; r < requests.capacity(); r++) {
        if (requests.inUse(r) && requests.node[r] == node && requests.server[r] >= 0
            && !Double.isNaN(requests.startMs[r]) && requests.eventSequence[r] >= 0) {
          requests.eventSequence[r] = -1;
          out[count++] = r;
        }
      }
    }
    for (int s = nodeFirstServer[node]; s < nodeFirstServer[node + 1]; s++) {
      catchUp(s, now, true);
      runLeft[s] = 0;
      kvAdvance(s, now);
      for (int r = waitHead[s]; r >= 0; r = requests.next[r]) {
        out[count++] = r;
      }
      for (int r = prefillHead[s]; r >= 0; r = requests.next[r]) {
        out[count++] = r;
      }
      int decoding = heap.list(heapRoot[s]);
      for (int i = 0; i < decoding; i++) {
        out[count++] = heap.member(i);
      }
      if (stepping[s] && stepPrefills[s]) {
        changePrefillsRunning(s, -1, now);
        double ran = now - stepStartMs[s];
        prefillBusyMs[classes[serverClass[s]].profile()] +=
            measuredPart(stepPrefillMs[s] * ran / stepMs[s], now);
      }
      waitHead[s] = waitTail[s] = -1;
      prefillHead[s] = prefillTail[s] = -1;
      heapRoot[s] = -1;
      stepTimers.cancel(s);
      stepping[s] = false;
      decodesGrown[s] = false;
      waitLength[s] = 0;
      batch[s] = 0;
      sumContextBase[s] = 0;
      usedBlocks[s] = 0;
      Arrays.fill(residues, residueBase[s], residueBase[s + 1], 0);
      pools[s] = null; // the node's KV cache is lost with it
      if (busy[s] > 0) {
        changeBusy(s, node, -busy[s], now);
      }
    }
    for (int i = 0; i < count; i++) {
      int r = out[i];
      requests.startMs[r] = Double.NaN; // routed again: it starts afresh elsewhere
      requests.queuedMs[r] = 0;
      requests.computed[r] = 0;
      requests.blocks[r] = 0;
      requests.seqBlocks[r] = 0;
      requests.kvSeq[r] = -1;
      requests.chunk[r] = 0;
      requests.generated[r] = 0;
    }
    nodeDepth[node] = 0;
    observer.loadChanged(node, now);
    observer.resourcesChanged(node, now);
    return count;
  }

  /** The node comes back, empty. */
  public void restore(int node, double now) {
    nodeUp[node] = true;
    observer.loadChanged(node, now);
    observer.resourcesChanged(node, now);
  }

  // ---------------------------------------------------------------- invariants

  /**
   * Servers whose books do not balance: running requests must equal those found prefilling or
   * decoding, blocks in use the sum of what they hold, and the residue counts the decoding requests
   * (BLIS's KV-block conservation).
   */
  public int kvAccountingMismatches() {
    if (plainService) {
      return 0;
    }
    int mismatches = 0;
    for (int s = 0; s < serverNode.length; s++) {
      ServerClass c = classes[serverClass[s]];
      long blocks = 0;
      int held = 0;
      int sequences = 0;
      for (int r = prefillHead[s]; r >= 0; r = requests.next[r]) {
        blocks += requests.blocks[r];
        sequences += requests.kvSeq[r] >= 0 ? 1 : 0;
        held++;
      }
      int decoding = heap.list(heapRoot[s]);
      for (int i = 0; i < decoding; i++) {
        int r = heap.member(i);
        long inKv = requests.computed[r] + steps[s] - (long) requests.startV[r];
        blocks += c.blocksFor(inKv + (decodesGrown[s] ? 1 : 0)) - requests.seqBlocks[r];
        sequences += requests.kvSeq[r] >= 0 ? 1 : 0;
      }
      held += decoding;
      int residueSum = 0;
      for (int i = residueBase[s]; i < residueBase[s + 1]; i++) {
        residueSum += residues[i];
      }
      for (int r = waitHead[s]; r >= 0; r = requests.next[r]) {
        blocks += requests.blocks[r];
      }
      // With a pool, shared prompt blocks are counted once by the pool, so its sequences are checked
      // by count and its use against the capacity; anonymous blocks are checked one by one.
      boolean poolBalances =
          pools[s] == null
              ? sequences == 0
              : pools[s].liveSequences() == sequences
                  && pools[s].usedBlocks() <= c.kvBlocks()
                  && pools[s].conservationProblem() == null;
      if (held != busy[s] || decoding != batch[s] || residueSum != batch[s]
          || blocks != usedBlocks[s] || blocksInUse(s) > c.kvBlocks() || !poolBalances) {
        mismatches++;
      }
    }
    return mismatches;
  }

  /**
   * GPU profiles whose count of servers running a step with prefill tokens (kept on every change for
   * the prefill-busy integral) differs from the servers found doing so now.
   */
  public int prefillAccountingMismatches() {
    int[] found = new int[profileNames.length];
    for (int s = 0; s < serverNode.length; s++) {
      if (stepping[s] && stepPrefills[s]) {
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

  // ---------------------------------------------------------------- metrics

  /** Starts the utilization integrals afresh (end of warm-up). */
  public void startMeasuring(double now) {
    for (int s = 0; s < serverNode.length; s++) {
      catchUp(s, now, false);
      kvAdvance(s, now);
      kvBlockMs[s] = 0;
    }
    busySlotMs = 0;
    busyChangedMs = now;
    Arrays.fill(prefillBusyMs, 0);
    Arrays.fill(busyMs, 0);
    Arrays.fill(busySinceMs, now);
    measureFromMs = now;
  }

  /**
   * Per server (GPU, or MIG slice), the fraction of the time since measuring started during which it
   * had at least one running request: the share of time its GPU runs a step, as nvidia-smi's
   * utilization counts kernel time.
   */
  public double[] serverBusyFractions(double now) {
    double span = now - measureFromMs;
    double[] fractions = new double[busyMs.length];
    for (int s = 0; s < busyMs.length && span > 0; s++) {
      double ms = busyMs[s] + (busy[s] > 0 ? Math.max(0, now - busySinceMs[s]) : 0);
      fractions[s] = ms / span;
    }
    return fractions;
  }

  /** Time-weighted running requests over all {@code max_num_seqs} since measuring started. */
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
   * Time-weighted fraction of the servers (GPUs, or MIG slices) running a step with prefill tokens,
   * over the whole fleet, since measuring started.
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
        double busyShare = span <= 0 ? 0 : prefillArea(p, now) / (profileServers[p] * span);
        byProfile.put(profileNames[p], busyShare);
      }
    }
    return byProfile;
  }

  /** Prefill ms of steps ended by now (a step still running at the end is left out). */
  private double prefillArea(int p, double now) {
    return prefillBusyMs[p];
  }

  /** Time-weighted VRAM in use (weights plus allocated KV blocks) over all VRAM since measuring. */
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
      catchUp(s, now, false);
      kvAdvance(s, now);
      ServerClass c = classes[serverClass[s]];
      used += kvBlockMs[s] * c.blockSize() * c.kvBytesPerToken();
    }
    return total == 0 ? 0 : used / total;
  }

  /** Fraction of the node's VRAM in use now (weights plus allocated KV blocks). */
  public double nodeVramFraction(int node, double now) {
    double used = nodeWeightsBytes[node];
    for (int s = nodeFirstServer[node]; s < nodeFirstServer[node + 1]; s++) {
      catchUp(s, now, false);
      ServerClass c = classes[serverClass[s]];
      used += (double) blocksInUse(s) * c.blockSize() * c.kvBytesPerToken();
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

  /**
   * {@code node}'s servers step with {@code model} from {@code now} on (a fleet bound to measured
   * records prices their TP and pipeline hops from the records, again when a transport goes down): a
   * decode run planned ahead stops after its current step, as for a slowdown, so no step is priced
   * with a model it did not run under. Before the run nothing is planned yet.
   */
  public void useExecution(int node, ExecutionModel model, double now) {
    stopPlannedRuns(node, now);
    for (int s = nodeFirstServer[node]; s < nodeFirstServer[node + 1]; s++) {
      execution[s] = model;
    }
  }

  /** Steps of the nodes {@code links} names book those links when they start (a bound fabric). */
  public void useStepLinks(StepLinks links) {
    this.stepLinks = links;
  }

  /** The step model of {@code node}'s first server. */
  public ExecutionModel executionOf(int node) {
    return execution[nodeFirstServer[node]];
  }

  /** The server class of the node's first server. */
  public ServerClass classOfNode(int node) {
    return classes[serverClass[nodeFirstServer[node]]];
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

  /** Requests preempted (each preemption counted). */
  public long preemptions() {
    return preemptions;
  }

  /** Engine steps run over the whole fleet. */
  public long steps() {
    return stepCount;
  }

  public long causalityViolations() {
    return causalityViolations;
  }

  public int serverCount() {
    return serverNode.length;
  }

  /** Requests waiting in a server's queue, for tests. */
  public int queueLength(int s) {
    return waitLength[s];
  }

  /** KV blocks in use on a server (shared cached blocks once), for tests. */
  public int usedBlocks(int s) {
    return blocksInUse(s);
  }

  /** KV blocks of a server, for tests. */
  public int kvBlocks(int s) {
    return classes[serverClass[s]].kvBlocks();
  }

  /** Decoding requests on a server, for tests. */
  public int batchSize(int s) {
    return batch[s];
  }

  /** Running requests (prefilling or decoding) on a server, for tests. */
  public int running(int s) {
    return busy[s];
  }

  // Node signals the KV-aware routers read (published by PublishedSignals with the resources).

  /** Requests in the node's running batches (prefilling or decoding). */
  public int runningRequests(int node) {
    int running = 0;
    for (int s = nodeFirstServer[node]; s < nodeFirstServer[node + 1]; s++) {
      running += busy[s];
    }
    return running;
  }

  /** Requests waiting in the node's queues. */
  public int waitingRequests(int node) {
    int waiting = 0;
    for (int s = nodeFirstServer[node]; s < nodeFirstServer[node + 1]; s++) {
      waiting += waitLength[s];
    }
    return waiting;
  }

  /** KV blocks of the node's servers. */
  public int kvCacheBlocks(int node) {
    int blocks = 0;
    for (int s = nodeFirstServer[node]; s < nodeFirstServer[node + 1]; s++) {
      blocks += classes[serverClass[s]].kvBlocks();
    }
    return blocks;
  }

  /** Fraction of the node's KV blocks in use now (shared cached blocks once). */
  public double kvCacheUsage(int node, double now) {
    long used = 0;
    for (int s = nodeFirstServer[node]; s < nodeFirstServer[node + 1]; s++) {
      catchUp(s, now, false);
      used += blocksInUse(s);
    }
    int total = kvCacheBlocks(node);
    return total == 0 ? 0 : Math.min(1, (double) used / total);
  }

  /**
   * Prompt tokens the node still has to prefill: waiting requests' and part-prefilled ones'. Walks
   * the node's queues, so it is read when a node publishes, not per routing decision.
   */
  public long prefillTokensPending(int node) {
    long tokens = 0;
    for (int s = nodeFirstServer[node]; s < nodeFirstServer[node + 1]; s++) {
      for (int r = waitHead[s]; r >= 0; r = requests.next[r]) {
        tokens += Math.max(0, requests.inputTokens[r] - requests.computed[r]);
      }
      for (int r = prefillHead[s]; r >= 0; r = requests.next[r]) {
        tokens += Math.max(0, requests.inputTokens[r] - requests.computed[r]);
      }
    }
    return tokens;
  }
}
