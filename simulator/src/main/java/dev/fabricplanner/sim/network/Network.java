package dev.fabricplanner.sim.network;

import dev.fabricplanner.sim.config.NetworkConfig;
import dev.fabricplanner.sim.config.VivaldiConfig;
import dev.fabricplanner.sim.workload.DistributionSampler;
import java.util.SplittableRandom;

/**
 * Delays on the request path. Each cell gets seeded Vivaldi coordinates, uniform in a cube of side
 * {@code baseRttMs} per dimension; the RTT between two cells is {@code (baseRttMs + distance) x f}, with
 * f a per-pair factor in {@code 1 ± noise} from a hash of the pair (no cells² table, so large fleets stay
 * cheap). Each cell's intra-cell RTT is drawn once from the configured distribution. Moving b bytes
 * costs half an RTT plus b x 8 / bandwidth.
 */
public final class Network {
  private final int cells;
  private final int dim;
  private final double[] coords;
  private final double[] intraRttMs;
  private final double baseRttMs;
  private final double noise;
  private final long noiseSeed;
  private final double intraMsPerByte;
  private final double interMsPerByte;
  private final boolean none;
  /** Link degradation of each cell's links (1: healthy). */
  private final double[] degradeFactor;

  public Network(NetworkConfig config, int cells, SplittableRandom random, boolean none) {
    this.cells = cells;
    this.none = none;
    VivaldiConfig vivaldi = config.interCellCoords();
    dim = Math.max(1, vivaldi.dim());
    baseRttMs = vivaldi.baseRttMs();
    noise = vivaldi.noise();
    coords = new double[cells * dim];
    for (int i = 0; i < coords.length; i++) {
      coords[i] = random.nextDouble() * baseRttMs;
    }
    DistributionSampler intra = new DistributionSampler(config.intraCellRttMs());
    degradeFactor = new double[cells];
    java.util.Arrays.fill(degradeFactor, 1);
    intraRttMs = new double[cells];
    for (int c = 0; c < cells; c++) {
      intraRttMs[c] = Math.max(0, intra.sample(random));
    }
    noiseSeed = random.nextLong();
    intraMsPerByte = 8.0 / (config.bwMbps().intraCell() * 1000.0);
    interMsPerByte = 8.0 / (config.bwMbps().interRegion() * 1000.0);
  }

  /** Round-trip time between two cells in ms; the cell's intra-cell RTT when they are equal. */
  public double rttMs(int from, int to) {
    if (none) {
      return 0;
    }
    if (from == to) {
      return intraRttMs[from] * degradeFactor[from];
    }
    double squared = 0;
    int a = from * dim;
    int b = to * dim;
    for (int k = 0; k < dim; k++) {
      double d = coords[a + k] - coords[b + k];
      squared += d * d;
    }
    return (baseRttMs + Math.sqrt(squared)) * pairFactor(Math.min(from, to), Math.max(from, to))
        * linkFactor(from, to);
  }

  /** One-way delay to move {@code bytes} between two cells: half the RTT plus serialisation. */
  public double oneWayMs(int from, int to, long bytes) {
    if (none) {
      return 0;
    }
    double msPerByte = from == to ? intraMsPerByte : interMsPerByte;
    return rttMs(from, to) / 2 + bytes * msPerByte * linkFactor(from, to);
  }

  /**
   * Link degradation of one cell: RTTs of every path into, out of or inside it multiplied, and its
   * bandwidths divided, by {@code factor} (1 restores).
   */
  public void degrade(int cell, double factor) {
    degradeFactor[cell] = factor;
  }

  /** A path is as degraded as the worse of its two ends. */
  private double linkFactor(int from, int to) {
    return Math.max(degradeFactor[from], degradeFactor[to]);
  }

  public int cells() {
    return cells;
  }

  private double pairFactor(int low, int high) {
    long h = noiseSeed ^ (((long) low << 32) | high);
    h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
    h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
    h ^= h >>> 31;
    double u = (h >>> 11) * 0x1.0p-53;
    return 1 + noise * (2 * u - 1);
  }
}
