package dev.fabricplanner.strategy.kvaware;

import dev.fabricplanner.core.InvalidInputException;
import dev.fabricplanner.strategy.ClusterView;
import dev.fabricplanner.strategy.RoutingDecision;
import dev.fabricplanner.strategy.RoutingRequest;
import dev.fabricplanner.strategy.RoutingStrategy;
import dev.fabricplanner.strategy.StrategyContext;
import dev.fabricplanner.strategy.builtin.SimpleProvider;
import java.util.Arrays;

/**
 * {@code prefix_hash}: consistent hashing with bounded loads (Mirrokni, Thorup and Zadimoghaddam,
 * SODA 2018). The key is the chained hash of the prompt's first {@code prefix_blocks} blocks (one hash
 * names the whole prefix), so prompts sharing that prefix meet on one node with no index at all. Each
 * node owns {@code virtual_nodes} points on a ring (fewer above 52,428 nodes: the ring holds at most
 * 2^23 points); a request walks clockwise from its key's point
 * to the first available node whose published queue is below ceil((1 + load_factor) x the mean queue
 * counting this request), so no node takes more than its bound while others have room.
 */
public final class PrefixHashStrategy implements RoutingStrategy {
  public static final String PREFIX_BLOCKS = "prefix_blocks";
  public static final String LOAD_FACTOR = "load_factor";
  public static final String VIRTUAL_NODES = "virtual_nodes";

  public static final SimpleProvider PROVIDER =
      new SimpleProvider(
          "prefix_hash",
          "consistent hash of the prompt's first blocks, bounded loads (epsilon = 0.25)",
          PrefixHashStrategy::create);

  private final int prefixBlocks;
  private final double loadFactor;
  /** At most this many ring points: a 1M-node fleet gets 8 per node rather than 1.3 GB of ring. */
  static final int MAX_POINTS = 1 << 23;

  /**
   * Ring points ascending, each a 63-bit hash whose low {@link #ownerBits} bits are replaced by the
   * owning node, so one sorted primitive array holds both and one read gives both.
   */
  private final long[] points;
  private final int ownerBits;
  /**
   * bucketStart[b]: the first point at or past the start of bucket b, the ring split into a power of
   * two of equal arcs, about one point each: a key's successor is found in O(1) expected steps that
   * touch two or three cache lines, where a binary search over a 1,024-node ring touches a dozen.
   */
  private final int[] bucketStart;
  private final int bucketShift;

  private PrefixHashStrategy(int prefixBlocks, double loadFactor, int virtualNodes, int nodes) {
    this.prefixBlocks = prefixBlocks;
    this.loadFactor = loadFactor;
    int perNode = (int) Math.max(1, Math.min(virtualNodes, MAX_POINTS / nodes));
    int size = nodes * perNode;
    ownerBits = Math.max(1, 32 - Integer.numberOfLeadingZeros(nodes - 1));
    long ownerMask = (1L << ownerBits) - 1;
    points = new long[size];
    for (int n = 0; n < nodes; n++) {
      for (int v = 0; v < perNode; v++) {
        points[n * perNode + v] = ((mix(((long) n << 32) | v) >>> 1) & ~ownerMask) | n;
      }
    }
    Arrays.sort(points);
    int bits = 32 - Integer.numberOfLeadingZeros(Math.max(1, size - 1));
    bucketShift = 63 - bits;
    bucketStart = new int[(1 << bits) + 1];
    int k = 0;
    for (int b = 0; b <= 1 << bits; b++) {
      while (k < size && (points[k] >>> bucketShift) < b) {
        k++;
      }
      bucketStart[b] = k;
    }
  }

  private static PrefixHashStrategy create(StrategyContext context) throws InvalidInputException {
    var params = context.params();
    int blocks = params.integer(PREFIX_BLOCKS, 4, 1, 1 << 20);
    double epsilon = params.number(LOAD_FACTOR, 0.25, 0, 1e6);
    int virtualNodes = params.integer(VIRTUAL_NODES, 160, 1, 10_000);
    return new PrefixHashStrategy(blocks, epsilon, virtualNodes, context.view().nodeCount());
  }

  @Override
  public RoutingDecision route(RoutingRequest request, ClusterView view) {
    int blocks = request.promptBlocks().count();
    long key =
        blocks == 0
            ? mix(request.id()) >>> 1
            : mix(request.promptBlocks().hash(Math.min(blocks, prefixBlocks) - 1)) >>> 1;
    int nodes = view.nodeCount();
    long bound = (long) Math.ceil((1 + loadFactor) * (view.fleetQueueDepth() + 1) / nodes);
    int start = bucketStart[(int) (key >>> bucketShift)];
    while (start < points.length && points[start] < key) {
      start++;
    }
    for (int step = 0; step < points.length; step++) {
      int node = (int) (points[(start + step) % points.length] & ((1L << ownerBits) - 1));
      if (view.isAvailable(node) && view.queueDepth(node) < bound) {
        return RoutingDecision.to(node);
      }
    }
    return RoutingDecision.to(view.leastLoadedNode());
  }

  /** SplitMix64's finaliser: spreads nearby keys over the ring. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
