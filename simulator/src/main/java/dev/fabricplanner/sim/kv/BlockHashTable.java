package dev.fabricplanner.sim.kv;

import java.util.Arrays;

/**
 * Open-addressing map from a block hash to an int (a block id or an entry id), with linear probing and
 * backward-shift deletion, so lookups, inserts and removals allocate nothing and leave no tombstones.
 * Grows by doubling when over half full; the pool sizes it up front so it never grows there.
 */
final class BlockHashTable {
  static final int ABSENT = -1;

  private long[] keys;
  private int[] values;
  private int mask;
  private int size;

  BlockHashTable(int expectedEntries) {
    int capacity = Integer.highestOneBit(Math.max(4, expectedEntries) * 2 - 1) << 1;
    allocate(capacity);
  }

  int size() {
    return size;
  }

  /** The value stored for {@code key}, or {@link #ABSENT}. */
  int get(long key) {
    for (int i = slot(key); ; i = (i + 1) & mask) {
      int v = values[i];
      if (v == ABSENT) {
        return ABSENT;
      }
      if (keys[i] == key) {
        return v;
      }
    }
  }

  /** Stores {@code value} (never {@link #ABSENT}) for {@code key}, replacing any earlier value. */
  void put(long key, int value) {
    if (value == ABSENT) {
      throw new IllegalArgumentException("value " + ABSENT + " is reserved for absent keys");
    }
    if ((size + 1) * 2 > values.length) {
      rehash(values.length * 2);
    }
    for (int i = slot(key); ; i = (i + 1) & mask) {
      if (values[i] == ABSENT) {
        keys[i] = key;
        values[i] = value;
        size++;
        return;
      }
      if (keys[i] == key) {
        values[i] = value;
        return;
      }
    }
  }

  /** Removes {@code key}; returns its value, or {@link #ABSENT} when it was not there. */
  int remove(long key) {
    int i = slot(key);
    while (true) {
      int v = values[i];
      if (v == ABSENT) {
        return ABSENT;
      }
      if (keys[i] == key) {
        break;
      }
      i = (i + 1) & mask;
    }
    int removed = values[i];
    // Backward shift: pull later members of the probe run into the hole so every key stays reachable.
    int hole = i;
    for (int j = (hole + 1) & mask; values[j] != ABSENT; j = (j + 1) & mask) {
      int home = slot(keys[j]);
      if (movable(hole, j, home)) {
        keys[hole] = keys[j];
        values[hole] = values[j];
        hole = j;
      }
    }
    values[hole] = ABSENT;
    size--;
    return removed;
  }

  /**
   * Whether the member at slot {@code j}, whose probe starts at {@code home}, may move back into the
   * hole at {@code hole}: only if its home is not cyclically inside (hole, j].
   */
  static boolean movable(int hole, int j, int home) {
    return hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
  }

  private int slot(long key) {
    // Murmur3's finalizer: callers' hashes may be small sequential numbers, which would cluster.
    long h = key;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return (int) h & mask;
  }

  private void allocate(int capacity) {
    keys = new long[capacity];
    values = new int[capacity];
    Arrays.fill(values, ABSENT);
    mask = capacity - 1;
    size = 0;
  }

  private void rehash(int capacity) {
    long[] oldKeys = keys;
    int[] oldValues = values;
    allocate(capacity);
    for (int i = 0; i < oldValues.length; i++) {
      if (oldValues[i] != ABSENT) {
        put(oldKeys[i], oldValues[i]);
      }
    }
  }
}
