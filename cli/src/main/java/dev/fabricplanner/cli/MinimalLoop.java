package dev.fabricplanner.cli;

import dev.fabricplanner.sim.engine.EventQueue;
import java.util.SplittableRandom;

/**
 * The reference the engine is measured against: the least a discrete-event M/M/c simulation can do
 * (arrivals and departures on the engine's 4-ary event heap, one counter for the queue, no model).
 * design.md quotes about 20 M events/s for such a loop on one core of this kind of machine.
 */
final class MinimalLoop {
  private static final int ARRIVAL = 0;
  private static final int DEPARTURE = 1;
  private static final int SERVERS = 8;

  private MinimalLoop() {}

  /** Runs M/M/8 at load 0.9 (mean service 1) until {@code targetEvents} events; returns the count. */
  static long run(long targetEvents) {
    SplittableRandom random = new SplittableRandom(1);
    EventQueue events = new EventQueue(1024);
    double lambda = 0.9 * SERVERS;
    int busy = 0;
    long waiting = 0;
    long processed = 0;
    events.schedule(exp(random, lambda), ARRIVAL, 0);
    while (processed < targetEvents && events.poll()) {
      processed++;
      double now = events.time();
      if (events.kind() == ARRIVAL) {
        events.schedule(now + exp(random, lambda), ARRIVAL, 0);
        if (busy < SERVERS) {
          busy++;
          events.schedule(now + exp(random, 1), DEPARTURE, 0);
        } else {
          waiting++;
        }
      } else if (waiting > 0) {
        waiting--;
        events.schedule(now + exp(random, 1), DEPARTURE, 0);
      } else {
        busy--;
      }
    }
    return processed;
  }

  private static double exp(SplittableRandom random, double rate) {
    return -Math.log(1 - random.nextDouble()) / rate;
  }
}
