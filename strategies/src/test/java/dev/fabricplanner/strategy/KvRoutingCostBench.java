package dev.fabricplanner.strategy;

import dev.fabricplanner.strategy.kvaware.KvTestView;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Decision cost of the KV-aware strategies at 16 and 1,024 nodes (64x), against the target:
 * flat within 20 %. Each request's prompt is 16 blocks of one of 512 shared prefixes (each cached on
 * 3 random nodes in the precise index) and 8 blocks of its own; the approximate strategies build their
 * index from their own choices. Load comes from a {@link SyntheticClusterView} (O(1) queries). Each
 * figure is the fastest of 7 rounds of 100,000 decisions, the two fleets' rounds alternating, so a
 * burst of load from other processes skews neither side. A benchmark, not a test: it prints wall-clock
 * ns per decision and asserts nothing, and runs only when asked:
 *
 * <pre>./mvnw -B -q -o -pl strategies -am test -Dtest=KvRoutingCostBench -Dbench=true
 *     -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
class KvRoutingCostBench {
  private static final List<String> STRATEGIES =
      List.of("kv_router", "weighted_scorer", "cache_aware", "prefix_hash", "lmetric",
          "baseline_rr", "least_queue", "power_of_two", "random");
  private static final int NODES_PER_CELL = 16;
  private static final int PREFIXES = 512;
  private static final int SHARED_BLOCKS = 16;
  private static final int OWN_BLOCKS = 8;
  private static final int PROMPTS = 8_192;
  private static final int WARMUP = 200_000;
  private static final int MEASURED = 100_000;
  /** Rounds per (strategy, fleet), fleets alternating; the fastest round is kept (min-of-N). */
  private static final int ROUNDS = 7;

  @Test
  @EnabledIfSystemProperty(named = "bench", matches = "true")
  void printDecisionCostAt16And1024Nodes() throws Exception {
    long[][] prompts = prompts();
    StrategyRegistry registry = StrategyRegistry.fromClassPath();
    StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
        "%-16s%12s%12s%10s%n", "ns/decision", "16 nodes", "1024 nodes", "ratio"));
    for (String name : STRATEGIES) {
      int[] fleets = {16, 1_024};
      SyntheticClusterView[] loads = new SyntheticClusterView[2];
      KvTestView[] views = new KvTestView[2];
      RoutingStrategy[] strategies = new RoutingStrategy[2];
      Answers[] answers = new Answers[2];
      for (int f = 0; f < 2; f++) {
        answers[f] = new Answers(4 * fleets[f]);
        loads[f] = new SyntheticClusterView(fleets[f] / NODES_PER_CELL, NODES_PER_CELL, 1);
        views[f] = view(loads[f]);
        strategies[f] = registry.find(name).create(
            new StrategyContext(StrategyParams.none(name), new SplittableRandom(1), views[f]));
        run(strategies[f], loads[f], views[f], answers[f], prompts, WARMUP, 0);
      }
      double[] ns = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
      for (int round = 0; round < ROUNDS; round++) {
        for (int f = 0; f < 2; f++) {
          long first = WARMUP + (long) round * MEASURED;
          long begin = System.nanoTime();
          long checksum = run(strategies[f], loads[f], views[f], answers[f], prompts, MEASURED, first);
          ns[f] = Math.min(ns[f], (double) (System.nanoTime() - begin) / MEASURED);
          if (checksum == Long.MIN_VALUE) {
            System.out.print(""); // keeps the routing from being optimised away
          }
        }
      }
      table.append(String.format(Locale.ROOT, "%-16s%12.0f%12.0f%10.2f%n", name, ns[0], ns[1], ns[1] / ns[0]));
    }
    System.out.print(table);
  }

  /** Engine metrics drawn at random, and each shared prefix cached on 3 random nodes. */
  private static KvTestView view(SyntheticClusterView load) {
    int nodes = load.nodeCount();
    KvTestView view = new KvTestView(load, 10_000);
    SplittableRandom random = new SplittableRandom(7);
    for (int n = 0; n < nodes; n++) {
      view.running(n, random.nextInt(64)).kvUsage(n, random.nextDouble()).prefill(n, random.nextInt(20_000));
    }
    for (int p = 0; p < PREFIXES; p++) {
      for (int copy = 0; copy < 3; copy++) {
        view.cached(random.nextInt(nodes), shared(p));
      }
    }
    return view;
  }

  private static long[] shared(int prefix) {
    long[] hashes = new long[SHARED_BLOCKS];
    for (int i = 0; i < SHARED_BLOCKS; i++) {
      hashes[i] = prefix * 1_000L + i;
    }
    return hashes;
  }

  private static long[][] prompts() {
    SplittableRandom random = new SplittableRandom(11);
    long[][] prompts = new long[PROMPTS][];
    for (int k = 0; k < PROMPTS; k++) {
      long[] hashes = new long[SHARED_BLOCKS + OWN_BLOCKS];
      System.arraycopy(shared(random.nextInt(PREFIXES)), 0, hashes, 0, SHARED_BLOCKS);
      for (int i = SHARED_BLOCKS; i < hashes.length; i++) {
        hashes[i] = (1L << 40) + k * 100L + i;
      }
      prompts[k] = hashes;
    }
    return prompts;
  }

  /**
   * Requests in flight, four per node: each decision's request is answered once four times the fleet's
   * nodes have been routed after it, so a router that counts its own requests sees them leave.
   */
  private static final class Answers {
    final long[] ids;
    final int[] nodes;
    int next;
    int held;

    Answers(int inFlight) {
      ids = new long[inFlight];
      nodes = new int[inFlight];
    }

    void routed(RoutingStrategy strategy, long id, int node) {
      if (held == nodes.length) {
        strategy.onRequestLeft(ids[next], nodes[next]);
      } else {
        held++;
      }
      ids[next] = id;
      nodes[next] = node;
      next = (next + 1) % nodes.length;
    }
  }

  private static long run(RoutingStrategy strategy, SyntheticClusterView load, KvTestView view,
      Answers answers, long[][] prompts, int requests, long firstId) {
    long checksum = 0;
    for (int i = 0; i < requests; i++) {
      load.tick();
      long[] hashes = prompts[(int) ((firstId + i) % prompts.length)];
      RoutingRequest request = new RoutingRequest(firstId + i, RequestType.LLM, 0, 0,
          hashes.length * 16L, 400, PromptBlocks.of(hashes));
      int node = strategy.route(request, view).node();
      answers.routed(strategy, request.id(), node);
      checksum += node;
    }
    return checksum;
  }
}
