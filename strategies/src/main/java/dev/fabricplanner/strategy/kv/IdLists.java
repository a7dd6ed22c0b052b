package dev.fabricplanner.strategy.kv;

import java.util.Arrays;

/**
 * Doubly linked lists of int ids (blocks, index entries) threaded through shared prev/next arrays, so
 * an id can be unlinked from the middle in O(1) and nothing is allocated per link. Each id is on at
 * most one of the lists at a time; the caller knows which.
 */
public final class IdLists {
  public static final int NONE = -1;

  private int[] prev;
  private int[] next;
  private final int[] head;
  private final int[] tail;

  public IdLists(int lists, int capacity) {
    head = new int[lists];
    tail = new int[lists];
    Arrays.fill(head, NONE);
    Arrays.fill(tail, NONE);
    prev = new int[capacity];
    next = new int[capacity];
  }

  /** Makes room for ids below {@code capacity}. */
  public void grow(int capacity) {
    prev = Arrays.copyOf(prev, capacity);
    next = Arrays.copyOf(next, capacity);
  }

  public int head(int list) {
    return head[list];
  }

  public int tail(int list) {
    return tail[list];
  }

  public int next(int id) {
    return next[id];
  }

  public void append(int list, int id) {
    int t = tail[list];
    prev[id] = t;
    next[id] = NONE;
    if (t == NONE) {
      head[list] = id;
    } else {
      next[t] = id;
    }
    tail[list] = id;
  }

  public void prepend(int list, int id) {
    int h = head[list];
    prev[id] = NONE;
    next[id] = h;
    if (h == NONE) {
      tail[list] = id;
    } else {
      prev[h] = id;
    }
    head[list] = id;
  }

  public void unlink(int list, int id) {
    int p = prev[id];
    int n = next[id];
    if (p == NONE) {
      head[list] = n;
    } else {
      next[p] = n;
    }
    if (n == NONE) {
      tail[list] = p;
    } else {
      prev[n] = p;
    }
  }
}
