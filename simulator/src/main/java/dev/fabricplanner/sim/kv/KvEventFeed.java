package dev.fabricplanner.sim.kv;

import dev.fabricplanner.strategy.kv.PrefixIndex;

/**
 * Carries engines' KV events to a router's {@link PrefixIndex} after a fixed delay, as a KV event
 * stream (vLLM's ZMQ publisher, Dynamo's NATS subject) does: an event published at time t reaches the
 * index once the clock passes t + delay, in publication order. The engine side and the router side
 * share one clock, moved forward with {@link #advanceTo}. Events wait in a primitive ring buffer that
 * grows by doubling, so nothing is allocated per event.
 */
public final class KvEventFeed {
  private static final byte STORED = 1;
  private static final byte EVICTED = 2;

  private final PrefixIndex index;
  private final double delayMs;
  private double nowMs;

  private double[] time = new double[256];
  private int[] node = new int[256];
  private long[] hash = new long[256];
  private byte[] kind = new byte[256];
  private int head;
  private int size;
  private long delivered;

  public KvEventFeed(PrefixIndex index, double delayMs) {
    if (!(delayMs >= 0) || Double.isInfinite(delayMs)) {
      throw new IllegalArgumentException("delayMs must be finite and at least 0, not " + delayMs);
    }
    this.index = index;
    this.delayMs = delayMs;
  }

  /** The listener for {@code node}'s block pool: its events are stamped with the feed's clock. */
  public KvEventListener publisherFor(int node) {
    if (node < 0 || node >= index.nodes()) {
      throw new IllegalArgumentException("node " + node + " is outside 0.." + (index.nodes() - 1));
    }
    return new KvEventListener() {
      @Override
      public void stored(long blockHash, int position, long parentHash) {
        publish(node, STORED, blockHash);
      }

      @Override
      public void evicted(long blockHash) {
        publish(node, EVICTED, blockHash);
      }
    };
  }

  /**
   * Moves the clock to {@code ms} (it never goes back) and applies to the index every event
   * published at or before {@code ms - delay}. Call it before an engine step (so its events carry the
   * step's time) and before a routing decision (so the index is as fresh as the delay allows).
   */
  public void advanceTo(double ms) {
    if (ms < nowMs) {
      throw new IllegalArgumentException("the clock went back from " + nowMs + " to " + ms);
    }
    nowMs = ms;
    int mask = time.length - 1;
    while (size > 0 && time[head] + delayMs <= ms) {
      if (kind[head] == STORED) {
        index.stored(node[head], hash[head], time[head]);
      } else {
        index.evicted(node[head], hash[head]);
      }
      head = (head + 1) & mask;
      size--;
      delivered++;
    }
  }

  public double now() {
    return nowMs;
  }

  /**
   * How long ago the oldest event the index has not yet applied was published (0 when the index is
   * up to date): how far behind the engines' truth the router's view is at this moment.
   */
  public double oldestPendingAgeMs() {
    return size == 0 ? 0 : nowMs - time[head];
  }

  public double delayMs() {
    return delayMs;
  }

  /** Events published and not yet applied. */
  public int pending() {
    return size;
  }

  /** Events applied to the index so far. */
  public long delivered() {
    return delivered;
  }

  private void publish(int n, byte k, long h) {
    if (size == time.length) {
      grow();
    }
    int i = (head + size) & (time.length - 1);
    time[i] = nowMs;
    node[i] = n;
    hash[i] = h;
    kind[i] = k;
    size++;
  }

  private void grow() {
    int n = time.length;
    double[] t = new double[n * 2];
    int[] nd = new int[n * 2];
    long[] h = new long[n * 2];
    byte[] k = new byte[n * 2];
    for (int j = 0; j < size; j++) {
      int i = (head + j) & (n - 1);
      t[j] = time[i];
      nd[j] = node[i];
      h[j] = hash[i];
      k[j] = kind[i];
    }
    time = t;
    node = nd;
    hash = h;
    kind = k;
    head = 0;
  }
}
