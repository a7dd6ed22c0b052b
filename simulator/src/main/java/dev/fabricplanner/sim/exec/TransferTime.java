package dev.fabricplanner.sim.exec;

/**
 * Milliseconds to move {@code tokens} tokens' worth of bytes over a link or through a collective: how
 * step models price the communication of a step whose size depends only on its token count.
 */
@FunctionalInterface
public interface TransferTime {
  double ms(int tokens);
}
