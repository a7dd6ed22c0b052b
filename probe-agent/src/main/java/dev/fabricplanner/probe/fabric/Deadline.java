package dev.fabricplanner.probe.fabric;

import java.time.Duration;

/** A point in time after which a wait gives up: peers that vanish fail a test, never hang it. */
final class Deadline {
  private final long endNanos;
  private final Duration budget;

  private Deadline(Duration budget) {
    this.budget = budget;
    this.endNanos = System.nanoTime() + budget.toNanos();
  }

  static Deadline after(Duration budget) {
    return new Deadline(budget);
  }

  boolean passed() {
    return System.nanoTime() - endNanos > 0;
  }

  Duration budget() {
    return budget;
  }
}
