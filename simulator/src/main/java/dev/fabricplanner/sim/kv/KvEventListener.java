package dev.fabricplanner.sim.kv;

import dev.fabricplanner.strategy.kv.PrefixIndex;

/**
 * Receives a block pool's cache changes as they happen, the way vLLM publishes {@code BlockStored} and
 * {@code BlockRemoved} KV events, so a router-side {@link PrefixIndex} can follow an engine (after a
 * delay, through a {@link KvEventFeed}). Arguments are primitive: nothing is allocated per event.
 */
public interface KvEventListener {

  /**
   * A full block became reusable under {@code blockHash}. {@code position} is its index in the prompt
   * that stored it; {@code parentHash} is the hash of block {@code position - 1} and means nothing when
   * {@code position} is 0.
   */
  void stored(long blockHash, int position, long parentHash);

  /** The block cached under {@code blockHash} was reused for other tokens: the hash no longer hits. */
  void evicted(long blockHash);
}
