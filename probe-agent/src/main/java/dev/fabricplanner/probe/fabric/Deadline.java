package dev.fabricplanner.probe.fabric;

import java.time.Duration;

/**
 * A point in time after which a wait gives up: peers that vanish fail a test, never hang it. A test
 * {@link #restart() restarts} its deadline before each round rather than making a new one, so that
 * the timed loops allocate nothing (a garbage collection there is a hole of milliseconds).
 */
final class Deadline {
  private final Duration budget;
  private final long budgetNanos;
  private long endNanos;

  private Deadline(Duration budget) {
    this.budget = budget;
    this.budgetNanos = budget.toNanos();
    restart();
  }

  static Deadline after(Duration budget) {
    return new Deadline(budget);
  }

  /** Gives the deadline its whole budget again, counted from now. */
  void restart() {
    endNanos = System.nanoTime() + budgetNanos;
  }

  boolean passed() {
    return System.nanoTime() - endNanos > 0;
  }

  Duration budget() {
    return budget;
  }
}
