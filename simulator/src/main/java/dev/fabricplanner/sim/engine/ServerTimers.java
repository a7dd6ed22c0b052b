package dev.fabricplanner.sim.engine;

import java.util.Arrays;

/**
 * At most one pending timer per server (the end of its running step), in an indexed binary min-heap
 * keyed by (time, server). Setting it in place costs O(log S) and keeps the step events, the most
 * frequent of a run, out of the {@link EventQueue}. The run loop merges this heap with the event queue; its events are of
 * kind {@link EventKind#STEP_DONE}.
 */
public final class ServerTimers {
  private final int[] heap;
  private final int[] position;
  private final double[] due;
  private int size;

  public ServerTimers(int servers) {
    heap = new int[servers];
    position = new int[servers];
    due = new double[servers];
    Arrays.fill(position, -1);
  }

  /** Sets (or moves) the server's timer. */
  public void set(int server, double time) {
    int i = position[server];
    if (i < 0) {
      i = size++;
      heap[i] = server;
      position[server] = i;
      due[server] = time;
      up(i);
    } else {
      double old = due[server];
      due[server] = time;
      if (time < old) {
        up(i);
      } else {
        down(i);
      }
    }
  }

  /** Cancels the server's timer if it has one. */
  public void cancel(int server) {
    int i = position[server];
    if (i < 0) {
      return;
    }
    position[server] = -1;
    int last = --size;
    if (i != last) {
      int moved = heap[last];
      heap[i] = moved;
      position[moved] = i;
      up(i);
      down(position[moved]);
    }
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public int topServer() {
    return heap[0];
  }

  public double topTime() {
    return due[heap[0]];
  }

  public boolean isSet(int server) {
    return position[server] >= 0;
  }

  private boolean less(int a, int b) {
    return due[a] < due[b] || (due[a] == due[b] && a < b);
  }

  private void up(int i) {
    int server = heap[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      int p = heap[parent];
      if (!less(server, p)) {
        break;
      }
      heap[i] = p;
      position[p] = i;
      i = parent;
    }
    heap[i] = server;
    position[server] = i;
  }

  private void down(int i) {
    int server = heap[i];
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && less(heap[child + 1], heap[child])) {
        child++;
      }
      if (!less(heap[child], server)) {
        break;
      }
      heap[i] = heap[child];
      position[heap[i]] = i;
      i = child;
    }
    heap[i] = server;
    position[server] = i;
  }
}
