package dev.fabricplanner.strategy.kv;

/**
 * Open-addressing map from a block hash to an int (a block id or a set id), with linear probing and
 * backward-shift deletion, so lookups, inserts and removals allocate nothing and leave no tombstones.
 * Each slot keeps its key and value side by side in one array, so a lookup usually costs one cache
 * miss. Grows by doubling when over half full; the pool sizes it up front so it never grows there.
 */
public final class BlockHashTable {
  public static final int ABSENT = -1;

  /** Slot i: key at 2i, value at 2i + 1 ({@link #ABSENT} when the slot is empty). */
  private long[] slots;
  private int mask;
  private int size;

  public BlockHashTable(int expectedEntries) {
    int capacity = Integer.highestOneBit(Math.max(4, expectedEntries) * 2 - 1) << 1;
    allocate(capacity);
  }

  public int size() {
    return size;
  }

  /** The value stored for {@code key}, or {@link #ABSENT}. */
  public int get(long key) {
    for (int i = slot(key); ; i = (i + 1) & mask) {
      int v = (int) slots[2 * i + 1];
      if (v == ABSENT || slots[2 * i] == key) {
        return v;
      }
    }
  }

  /** Stores {@code value} (never {@link #ABSENT}) for {@code key}, replacing any earlier value. */
  public void put(long key, int value) {
    if (value == ABSENT) {
      throw new IllegalArgumentException("value " + ABSENT + " is reserved for absent keys");
    }
    if ((size + 1) * 2 > mask + 1) {
      rehash((mask + 1) * 2);
    }
    for (int i = slot(key); ; i = (i + 1) & mask) {
      if ((int) slots[2 * i + 1] == ABSENT) {
        slots[2 * i] = key;
        slots[2 * i + 1] = value;
        size++;
        return;
      }
      if (slots[2 * i] == key) {
        slots[2 * i + 1] = value;
        return;
      }
    }
  }

  /** Removes {@code key}; returns its value, or {@link #ABSENT} when it was not there. */
  public int remove(long key) {
    int i = slot(key);
    while (true) {
      int v = (int) slots[2 * i + 1];
      if (v == ABSENT) {
        return ABSENT;
      }
      if (slots[2 * i] == key) {
        break;
      }
      i = (i + 1) & mask;
    }
    int removed = (int) slots[2 * i + 1];
    // Backward shift: pull later members of the probe run into the hole so every key stays reachable.
    int hole = i;
    for (int j = (hole + 1) & mask; (int) slots[2 * j + 1] != ABSENT; j = (j + 1) & mask) {
      if (movable(hole, j, slot(slots[2 * j]))) {
        slots[2 * hole] = slots[2 * j];
        slots[2 * hole + 1] = slots[2 * j + 1];
        hole = j;
      }
    }
    slots[2 * hole + 1] = ABSENT;
    size--;
    return removed;
  }

  /**
   * Whether the member at slot {@code j}, whose probe starts at {@code home}, may move back into the
   * hole at {@code hole}: only if its home is not cyclically inside (hole, j].
   */
  private static boolean movable(int hole, int j, int home) {
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
    slots = new long[capacity * 2];
    for (int i = 1; i < slots.length; i += 2) {
      slots[i] = ABSENT;
    }
    mask = capacity - 1;
    size = 0;
  }

  private void rehash(int capacity) {
    long[] old = slots;
    allocate(capacity);
    for (int i = 0; i < old.length; i += 2) {
      if ((int) old[i + 1] != ABSENT) {
        put(old[i], (int) old[i + 1]);
      }
    }
  }
}
