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
  /** Next request in whichever FIFO list (waiting or prefill) the request is in. */
  public int[] next;
  /** Pairing-heap links and key (virtual finish time) while decoding. */
  public int[] child;
  public int[] sibling;
  public double[] finishV;
  public double[] startV;
  /** For a hedge copy, the slot of its original; for an original, the slot of its copy; else -1. */
  public int[] partner;

  private int[] free;
  private int freeCount;
  private int capacity;
  private int live;

  public static final byte MEASURED = 1;
  public static final byte KV_WAITED = 2;
  public static final byte HEDGE_COPY = 4;
  public static final byte RESOLVED = 8;
  public static final byte AWAITING_COPY = 16;

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
    flags[slot] = 0;
    retries[slot] = 0;
    eventSequence[slot] = -1;
    hedgeSequence[slot] = -1;
    server[slot] = -1;
    live++;
    return slot;
  }

  public void release(int slot) {
    id[slot] = -1;
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
    next = grow(next, newCapacity);
    child = grow(child, newCapacity);
    sibling = grow(sibling, newCapacity);
    finishV = grow(finishV, newCapacity);
    startV = grow(startV, newCapacity);
    partner = grow(partner, newCapacity);
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
