package dev.fabricplanner.sim.engine;

import java.util.Arrays;

/**
 * Pending events in a 4-ary min-heap over primitive arrays, ordered by (time, kind, sequence). The
 * sequence number is unique and increasing, so equal times and kinds pop in scheduling order and a run
 * is deterministic. A 4-ary heap is shallower than a binary one and its children share a cache line.
 *
 * <p>Nothing is allocated per event: {@link #poll()} leaves the popped event's fields readable through
 * {@link #time()}, {@link #kind()}, {@link #target()} and {@link #sequence()}.
 */
public final class EventQueue {
  private static final int KIND_SHIFT = 52;
  private static final long SEQUENCE_MASK = (1L << KIND_SHIFT) - 1;

  /**
   * Entry i's key is keys[2i] (the time's IEEE bits: for times >= 0 they order as the times do) and
   * keys[2i + 1] (kind and sequence). Keeping both in one array puts an entry's four children in about
   * one cache line, which is what sifting reads.
   */
  private long[] keys;
  private int[] targets;
  private int size;
  private long nextSequence;

  private long polledTime;
  private long polledOrder;
  private int polledTarget;

  public EventQueue(int initialCapacity) {
    int capacity = Math.max(16, initialCapacity);
    keys = new long[2 * capacity];
    targets = new int[capacity];
  }

  /** Schedules an event at a time >= 0 and returns its sequence number. */
  public long schedule(double time, int kind, int target) {
    if (!(time >= 0)) {
      throw new IllegalArgumentException("event time must be >= 0, got " + time);
    }
    if (size == targets.length) {
      grow();
    }
    long sequence = nextSequence++;
    long order = ((long) kind << KIND_SHIFT) | sequence;
    long bits = Double.doubleToRawLongBits(time + 0.0); // +0.0 turns -0.0 into 0.0
    long[] k = keys;
    int hole = size++;
    while (hole > 0) {
      int parent = (hole - 1) >>> 2;
      long parentTime = k[2 * parent];
      if (parentTime < bits || (parentTime == bits && k[2 * parent + 1] < order)) {
        break;
      }
      k[2 * hole] = parentTime;
      k[2 * hole + 1] = k[2 * parent + 1];
      targets[hole] = targets[parent];
      hole = parent;
    }
    k[2 * hole] = bits;
    k[2 * hole + 1] = order;
    targets[hole] = target;
    return sequence;
  }

  /** Removes the earliest event; returns false when none is left. */
  public boolean poll() {
    if (size == 0) {
      return false;
    }
    polledTime = keys[0];
    polledOrder = keys[1];
    polledTarget = targets[0];
    int last = --size;
    if (last > 0) {
      siftDown(keys[2 * last], keys[2 * last + 1], targets[last], last);
    }
    return true;
  }

  private void siftDown(long time, long order, int target, int end) {
    long[] k = keys;
    int hole = 0;
    while (true) {
      int first = (hole << 2) + 1;
      if (first >= end) {
        break;
      }
      int best = first;
      long bestTime = k[2 * first];
      long bestOrder = k[2 * first + 1];
      int stop = Math.min(first + 4, end);
      for (int child = first + 1; child < stop; child++) {
        long childTime = k[2 * child];
        if (childTime < bestTime || (childTime == bestTime && k[2 * child + 1] < bestOrder)) {
          best = child;
          bestTime = childTime;
          bestOrder = k[2 * child + 1];
        }
      }
      if (time < bestTime || (time == bestTime && order < bestOrder)) {
        break;
      }
      k[2 * hole] = bestTime;
      k[2 * hole + 1] = bestOrder;
      targets[hole] = targets[best];
      hole = best;
    }
    k[2 * hole] = time;
    k[2 * hole + 1] = order;
    targets[hole] = target;
  }

  private void grow() {
    int capacity = targets.length * 2;
    keys = Arrays.copyOf(keys, 2 * capacity);
    targets = Arrays.copyOf(targets, capacity);
  }

  /** Time of the earliest event (only when {@link #size()} is not 0). */
  public double peekTime() {
    return Double.longBitsToDouble(keys[0]);
  }

  /** Kind of the earliest event (only when {@link #size()} is not 0). */
  public int peekKind() {
    return (int) (keys[1] >>> KIND_SHIFT);
  }

  public int size() {
    return size;
  }

  public double time() {
    return Double.longBitsToDouble(polledTime);
  }

  public int kind() {
    return (int) (polledOrder >>> KIND_SHIFT);
  }

  public int target() {
    return polledTarget;
  }

  public long sequence() {
    return polledOrder & SEQUENCE_MASK;
  }
}
