package dev.fabricplanner.sim.cluster;

import java.util.Arrays;

/**
 * Requests in flight, as parallel primitive arrays indexed by a recycled slot number, so memory follows
 * the number in flight rather than the number ever generated, and nothing is allocated per request once
 * the arrays have grown to the peak. Fields are package-visible to the engine classes that update them
 * in the hot loop.
 */
public final class RequestTable {
  public long[] id;
  public double[] arrivalMs;
  public double[] nodeArrivalMs;
  public double[] startMs;
  public double[] firstTokenMs;
  /** How much later than {@link #firstTokenMs} the client saw the first token. */
  public double[] firstTokenDelayMs;
  public double[] returnMs;
  public double[] serviceMs;
  public double[] kvBytes;
  public byte[] type;
  public int[] tenant;
  public int[] originCell;
  public int[] inputTokens;
  public int[] outputTokens;
  public long[] payloadBytes;
  public long[] responseBytes;
  public int[] node;
  public int[] server;
  public byte[] flags;
  public int[] retries;
  public long[] eventSequence;
  public long[] hedgeSequence;
  /** The sequence of the request's client-timeout event; -1 when none is pending. */
  public long[] timeoutSequence;
  /** Next request in whichever FIFO list (waiting or prefill) the request is in. */
  public int[] next;
  /** Pairing-heap links and key (step count of the last token) and join step while decoding. */
  public int[] child;
  public int[] sibling;
  public double[] finishV;
  public double[] startV;
  /** Step engine: prompt and output tokens in KV (computed), tokens generated, this step's chunk. */
  public int[] computed;
  public int[] generated;
  public int[] chunk;
  /** KV blocks held while prefilling (a decoding request's follow from its token count). */
  public int[] blocks;
  /** When the scheduler last took the request from the waiting queue: the newest is preempted first. */
  public long[] admitSequence;
  public int[] preemptions;
  /** The request's sequence in its server's prefix-caching pool, or -1. */
  public int[] kvSeq;
  /** Prompt blocks a decoding request's pool sequence holds (its other blocks are anonymous). */
  public int[] seqBlocks;
  /** The prompt's chained block hashes (null: shares nothing); the request source's array. */
  public long[][] promptHashes;
  /** Prompt tokens found in the prefix cache when first scheduled. */
  public int[] cachedTokens;
  /** When the request last produced a token, and when it last started waiting. */
  public double[] lastTokenMs;
  public double[] waitSinceMs;
  /** Time in the server's waiting queue (first wait plus waits after preemptions). */
  public double[] queuedMs;
  /** When the request reached its node (before the scheduling delay). */
  public double[] reachedMs;
  /** GPU-ms of real steps spent on the request (its share of each step's tokens). */
  public double[] gpuMs;
  /** A decoding request's mark in its server's per-token GPU-ms integral. */
  public double[] gpuMark;
  /** For a hedge copy, the slot of its original; for an original, the slot of its copy; else -1. */
  public int[] partner;
  /** Disaggregated serving: the node that decodes once this one has prefilled; -1 when none. */
  public int[] decodeNode;
  /** When the prefill node finished the prompt, and how long its KV cache then travelled (ms). */
  public double[] prefillDoneMs;
  public double[] kvTransferMs;

  private int[] free;
  private int freeCount;
  private int capacity;
  private int live;

  public static final byte MEASURED = 1;
  public static final byte KV_WAITED = 2;
  public static final byte HEDGE_COPY = 4;
  public static final byte RESOLVED = 8;
  public static final byte AWAITING_COPY = 16;
  /** Its prompt's KV cache was received from a prefill node: the decode node computes no prompt. */
  public static final byte KV_RECEIVED = 32;
  /** The router counts this copy as in flight at {@link #node} (until it leaves; see Engine). */
  public static final byte ROUTED = 64;

  public RequestTable(int initialCapacity) {
    capacity = 0;
    resize(Math.max(64, initialCapacity));
  }

  /** A free slot, with its links cleared. */
  public int allocate() {
    if (freeCount == 0) {
      resize(capacity * 2);
    }
    int slot = free[--freeCount];
    next[slot] = -1;
    child[slot] = -1;
    sibling[slot] = -1;
    partner[slot] = -1;
    decodeNode[slot] = -1;
    kvTransferMs[slot] = 0;
    flags[slot] = 0;
    retries[slot] = 0;
    eventSequence[slot] = -1;
    hedgeSequence[slot] = -1;
    timeoutSequence[slot] = -1;
    server[slot] = -1;
    computed[slot] = 0;
    kvSeq[slot] = -1;
    seqBlocks[slot] = 0;
    generated[slot] = 0;
    chunk[slot] = 0;
    blocks[slot] = 0;
    preemptions[slot] = 0;
    cachedTokens[slot] = 0;
    queuedMs[slot] = 0;
    gpuMs[slot] = 0;
    startMs[slot] = Double.NaN;
    live++;
    return slot;
  }

  public void release(int slot) {
    id[slot] = -1;
    promptHashes[slot] = null; // not kept alive by a free slot
    free[freeCount++] = slot;
    live--;
  }

  /** Slots in use. */
  public int live() {
    return live;
  }

  /** Whether the slot holds a request (its id is not -1). */
  public boolean inUse(int slot) {
    return slot < capacity && id[slot] >= 0;
  }

  public int capacity() {
    return capacity;
  }

  private void resize(int newCapacity) {
    id = grow(id, newCapacity);
    Arrays.fill(id, capacity, newCapacity, -1);
    arrivalMs = grow(arrivalMs, newCapacity);
    nodeArrivalMs = grow(nodeArrivalMs, newCapacity);
    startMs = grow(startMs, newCapacity);
    firstTokenMs = grow(firstTokenMs, newCapacity);
    firstTokenDelayMs = grow(firstTokenDelayMs, newCapacity);
    returnMs = grow(returnMs, newCapacity);
    serviceMs = grow(serviceMs, newCapacity);
    kvBytes = grow(kvBytes, newCapacity);
    type = type == null ? new byte[newCapacity] : Arrays.copyOf(type, newCapacity);
    flags = flags == null ? new byte[newCapacity] : Arrays.copyOf(flags, newCapacity);
    tenant = grow(tenant, newCapacity);
    originCell = grow(originCell, newCapacity);
    inputTokens = grow(inputTokens, newCapacity);
    outputTokens = grow(outputTokens, newCapacity);
    payloadBytes = grow(payloadBytes, newCapacity);
    responseBytes = grow(responseBytes, newCapacity);
    node = grow(node, newCapacity);
    server = grow(server, newCapacity);
    retries = grow(retries, newCapacity);
    eventSequence = grow(eventSequence, newCapacity);
    hedgeSequence = grow(hedgeSequence, newCapacity);
    timeoutSequence = grow(timeoutSequence, newCapacity);
    next = grow(next, newCapacity);
    child = grow(child, newCapacity);
    sibling = grow(sibling, newCapacity);
    finishV = grow(finishV, newCapacity);
    startV = grow(startV, newCapacity);
    partner = grow(partner, newCapacity);
    decodeNode = grow(decodeNode, newCapacity);
    prefillDoneMs = grow(prefillDoneMs, newCapacity);
    kvTransferMs = grow(kvTransferMs, newCapacity);
    computed = grow(computed, newCapacity);
    kvSeq = grow(kvSeq, newCapacity);
    seqBlocks = grow(seqBlocks, newCapacity);
    promptHashes = promptHashes == null ? new long[newCapacity][] : Arrays.copyOf(promptHashes, newCapacity);
    generated = grow(generated, newCapacity);
    chunk = grow(chunk, newCapacity);
    blocks = grow(blocks, newCapacity);
    admitSequence = grow(admitSequence, newCapacity);
    preemptions = grow(preemptions, newCapacity);
    cachedTokens = grow(cachedTokens, newCapacity);
    lastTokenMs = grow(lastTokenMs, newCapacity);
    waitSinceMs = grow(waitSinceMs, newCapacity);
    queuedMs = grow(queuedMs, newCapacity);
    reachedMs = grow(reachedMs, newCapacity);
    gpuMs = grow(gpuMs, newCapacity);
    gpuMark = grow(gpuMark, newCapacity);
    int[] newFree = new int[newCapacity];
    if (free != null) {
      System.arraycopy(free, 0, newFree, 0, freeCount);
    }
    // Hand out low slots first so a run's memory stays compact.
    for (int slot = newCapacity - 1; slot >= capacity; slot--) {
      newFree[freeCount++] = slot;
    }
    free = newFree;
    capacity = newCapacity;
  }

  private static long[] grow(long[] a, int n) {
    return a == null ? new long[n] : Arrays.copyOf(a, n);
  }

  private static double[] grow(double[] a, int n) {
    return a == null ? new double[n] : Arrays.copyOf(a, n);
  }

  private static int[] grow(int[] a, int n) {
    return a == null ? new int[n] : Arrays.copyOf(a, n);
  }
}
