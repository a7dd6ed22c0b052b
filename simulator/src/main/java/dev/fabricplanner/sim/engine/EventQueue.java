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

  private double[] times;
  private long[] orders;
  private int[] targets;
  private int size;
  private long nextSequence;

  private double polledTime;
  private long polledOrder;
  private int polledTarget;

  public EventQueue(int initialCapacity) {
    int capacity = Math.max(16, initialCapacity);
    times = new double[capacity];
    orders = new long[capacity];
    targets = new int[capacity];
  }

  /** Schedules an event and returns its sequence number (for events that may be superseded). */
  public long schedule(double time, int kind, int target) {
    if (size == times.length) {
      grow();
    }
    long sequence = nextSequence++;
    long order = ((long) kind << KIND_SHIFT) | sequence;
    int hole = size++;
    while (hole > 0) {
      int parent = (hole - 1) >>> 2;
      double parentTime = times[parent];
      if (parentTime < time || (parentTime == time && orders[parent] < order)) {
        break;
      }
      times[hole] = parentTime;
      orders[hole] = orders[parent];
      targets[hole] = targets[parent];
      hole = parent;
    }
    times[hole] = time;
    orders[hole] = order;
    targets[hole] = target;
    return sequence;
  }

  /** Removes the earliest event; returns false when none is left. */
  public boolean poll() {
    if (size == 0) {
      return false;
    }
    polledTime = times[0];
    polledOrder = orders[0];
    polledTarget = targets[0];
    int last = --size;
    if (last > 0) {
      siftDown(times[last], orders[last], targets[last], last);
    }
    return true;
  }

  private void siftDown(double time, long order, int target, int end) {
    int hole = 0;
    while (true) {
      int first = (hole << 2) + 1;
      if (first >= end) {
        break;
      }
      int best = first;
      double bestTime = times[first];
      long bestOrder = orders[first];
      int stop = Math.min(first + 4, end);
      for (int child = first + 1; child < stop; child++) {
        double childTime = times[child];
        if (childTime < bestTime || (childTime == bestTime && orders[child] < bestOrder)) {
          best = child;
          bestTime = childTime;
          bestOrder = orders[child];
        }
      }
      if (time < bestTime || (time == bestTime && order < bestOrder)) {
        break;
      }
      times[hole] = bestTime;
      orders[hole] = bestOrder;
      targets[hole] = targets[best];
      hole = best;
    }
    times[hole] = time;
    orders[hole] = order;
    targets[hole] = target;
  }

  private void grow() {
    int capacity = times.length * 2;
    times = Arrays.copyOf(times, capacity);
    orders = Arrays.copyOf(orders, capacity);
    targets = Arrays.copyOf(targets, capacity);
  }

  public int size() {
    return size;
  }

  public double time() {
    return polledTime;
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
