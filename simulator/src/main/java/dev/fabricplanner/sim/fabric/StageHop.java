package dev.fabricplanner.sim.fabric;

/**
 * The hop from a server's pipeline stage to the next: the planner's price of sending a micro-batch's
 * activations from the stage's last GPU to the next stage's first, and the two GPUs' hosts.
 */
record StageHop(KvTransferPrice price, int fromHost, int toHost) {
  /** Whether the hop leaves its host (and so holds the hosts' NIC groups). */
  boolean crossHost() {
    return fromHost != toHost;
  }
}
