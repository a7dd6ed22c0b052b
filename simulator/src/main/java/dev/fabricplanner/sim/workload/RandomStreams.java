package dev.fabricplanner.sim.workload;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Independent random streams, one per subsystem, all derived from the run's seed and the subsystem's
 * name. A stream's draws never depend on another stream's, so the arrival sequence is the same for
 * every strategy (common random numbers) however differently the strategies route.
 */
public final class RandomStreams {
  private final long seed;

  public RandomStreams(long seed) {
    this.seed = seed;
  }

  public SplittableRandom stream(String subsystem) {
    long h = seed;
    for (byte b : subsystem.getBytes(StandardCharsets.UTF_8)) {
      h = mix(h ^ b);
    }
    return new SplittableRandom(mix(h + 0x9E3779B97F4A7C15L));
  }

  /** SplitMix64's finaliser: a bijective scramble of 64 bits. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
