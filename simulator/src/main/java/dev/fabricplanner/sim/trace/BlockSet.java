package dev.fabricplanner.sim.trace;

/**
 * A set of 64-bit block hashes, open addressing with linear probing over a power-of-two table,
 * doubling at half full. Block hashes are already mixed, so their low bits index the table directly.
 */
final class BlockSet {
  private long[] slots = new long[1 << 12];
  private int size;
  private boolean hasZero;

  /** Adds {@code hash}; true when it was not there yet. */
  boolean add(long hash) {
    if (hash == 0) {
      boolean added = !hasZero;
      hasZero = true;
      return added;
    }
    int mask = slots.length - 1;
    int i = (int) hash & mask;
    while (slots[i] != 0) {
      if (slots[i] == hash) {
        return false;
      }
      i = (i + 1) & mask;
    }
    slots[i] = hash;
    if (++size * 2 > slots.length) {
      grow();
    }
    return true;
  }

  boolean contains(long hash) {
    if (hash == 0) {
      return hasZero;
    }
    int mask = slots.length - 1;
    for (int i = (int) hash & mask; slots[i] != 0; i = (i + 1) & mask) {
      if (slots[i] == hash) {
        return true;
      }
    }
    return false;
  }

  long size() {
    return size + (hasZero ? 1 : 0);
  }

  private void grow() {
    long[] old = slots;
    slots = new long[old.length * 2];
    int mask = slots.length - 1;
    for (long hash : old) {
      if (hash != 0) {
        int i = (int) hash & mask;
        while (slots[i] != 0) {
          i = (i + 1) & mask;
        }
        slots[i] = hash;
      }
    }
  }
}
