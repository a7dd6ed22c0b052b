package dev.fabricplanner.sim.fabric;

import dev.fabricplanner.sim.exec.TransferTime;

/**
 * A server's TP all-reduces of one step, priced from the records: {@code steps} ring steps (2 per
 * layer × 2 (tp − 1)), each at the slowest neighbouring pair's price for its size.
 *
 * @param step the price of one ring step, by the step's tokens
 * @param steps ring steps per step of the engine
 */
record TpRing(KvTransferPrice step, double steps) implements TransferTime {
  @Override
  public double ms(int tokens) {
    return steps * step.ms(tokens);
  }

  /** The transport the ring runs over at this many tokens. */
  String transportFor(int tokens) {
    return step.transportFor(tokens);
  }
}
